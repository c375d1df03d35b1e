package io.paxoschat.storage;

import java.nio.charset.StandardCharsets;

/**
 * Text encoded as UTF-8 straight into an array the caller reuses. {@code String.getBytes} makes
 * a new array per call; the acceptor log's and the chat log's encoders, which write every chat
 * line, would together make the largest share of what a replica allocates, and so of how often
 * its collector pauses.
 */
public final class Utf8Bytes {

  private Utf8Bytes() {}

  /**
   * Room to leave for {@code text}: no Java string takes more than three bytes of UTF-8 per
   * {@code char} (a surrogate pair is two chars and four bytes).
   */
  public static int maxLength(String text) {
    return text.length() * 3;
  }

  /**
   * Writes {@code text} as UTF-8 into {@code dst} from {@code at}, the same bytes as
   * {@code text.getBytes(UTF_8)} (a lone surrogate becomes {@code '?'}), and returns the offset
   * after the last byte written. {@code dst} must have {@link #maxLength} bytes free from {@code at}.
   */
  public static int put(String text, byte[] dst, int at) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        // Chat lines are ASCII nearly always; the rest goes to the JDK's encoder. Cutting before
        // a non-ASCII char never splits a surrogate pair.
        byte[] rest = text.substring(i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(rest, 0, dst, at, rest.length);
        return at + rest.length;
      }
      dst[at++] = (byte) c;
    }
    return at;
  }
}
