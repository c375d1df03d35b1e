package io.paxoschat.paxos;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A chat line's text as the bytes of its UTF-8 encoding, the form every replica takes it in
 * (from the wire) and gives it out in (its acceptor log, its chat log, the wire again). A
 * replica that held it as a {@code String} decoded every line once and encoded it twice more,
 * char by char; with the bytes it copies them. The {@code String} is made only when someone
 * asks for it ({@link #toString()}), and kept when the text was made from one.
 *
 * <p>Two texts are equal when their bytes are. The bytes are never handed out for writing: the
 * holder of a text copies them out ({@link #copyTo}, {@link #putInto}).
 */
public final class Utf8Text {

  private final byte[] bytes;
  /** Made from the bytes on first use; a race makes two equal strings, of which one stays. */
  private String string;

  private Utf8Text(byte[] bytes, String string) {
    this.bytes = bytes;
    this.string = string;
  }

  /** The text of {@code string}: a lone surrogate, which UTF-8 cannot hold, becomes {@code '?'}. */
  public static Utf8Text of(String string) {
    byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
    return new Utf8Text(bytes, comesBack(string, bytes) ? string : null);
  }

  /**
   * Whether {@code string} is what its UTF-8 {@code bytes} decode to: not when it holds a lone
   * surrogate, which was written as {@code '?'}; the string is then made from the bytes when
   * asked for. As many bytes as chars and no {@code '?'} among them is the quick answer for ASCII.
   */
  private static boolean comesBack(String string, byte[] bytes) {
    if (bytes.length == string.length()) {
      boolean questionMark = false;
      for (byte b : bytes) {
        questionMark |= b == '?';
      }
      if (!questionMark) {
        return true;
      }
    }
    return !hasSurrogate(string);
  }

  /**
   * The text whose UTF-8 encoding is {@code bytes}, which it keeps: the caller gives the array up
   * and never changes it again.
   *
   * @throws IllegalArgumentException if the bytes are not well-formed UTF-8
   */
  public static Utf8Text decode(byte[] bytes) {
    if (isAscii(bytes)) {
      return new Utf8Text(bytes, null); // the common case: valid as it is, the string made if asked for
    }
    try {
      String string = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      return new Utf8Text(bytes, string);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("a text is not UTF-8", e);
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasSurrogate(String string) {
    for (int i = 0; i < string.length(); i++) {
      if (Character.isSurrogate(string.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Bytes of the text in UTF-8, the measure of every size bound. */
  public int length() {
    return bytes.length;
  }

  /** Copies the bytes into {@code dst} from {@code at}; returns the offset after the last one. */
  public int copyTo(byte[] dst, int at) {
    System.arraycopy(bytes, 0, dst, at, bytes.length);
    return at + bytes.length;
  }

  /** Puts the bytes into {@code dst} at its position, which moves past them. */
  public void putInto(ByteBuffer dst) {
    dst.put(bytes);
  }

  /** Whether the text holds a line break ({@code \n} or {@code \r}), which no byte of another character is. */
  public boolean hasLineBreak() {
    for (byte b : bytes) {
      if (b == '\n' || b == '\r') {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    String s = string;
    if (s == null) {
      s = new String(bytes, StandardCharsets.UTF_8);
      string = s;
    }
    return s;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Utf8Text text && Arrays.equals(bytes, text.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
