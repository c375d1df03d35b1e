package io.paxoschat.chatlog;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Utf8Text;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes the log lines of an executed slot ({@link ChatLogFormat}) as UTF-8 straight into one
 * reused byte array, each line with its checksum and its {@code \n}: the learner writes every
 * line it executes, and building a String per line, then a String with its checksum, then its
 * UTF-8 bytes, was the largest single cost of a line in a warm replica. Only a line's text is
 * encoded, once; numbers, tabs and the checksum go in as ASCII digits.
 *
 * <p>One owner at a time; the array is overwritten by the next slot.
 */
final class ChatLogEncoder {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOOP = ChatLogFormat.NOOP.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SESSION = ChatLogFormat.SESSION.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = ChatLogFormat.CLOSE.getBytes(StandardCharsets.US_ASCII);
  private static final byte END_OF_SLOT = (byte) ChatLogFormat.END_OF_SLOT.charAt(0);

  private final CRC32C crc = new CRC32C();
  private byte[] bytes = new byte[8192];
  private int length;

  /**
   * Encodes the lines of {@code slot}, each ended by {@code \n}; they are {@link #bytes()} from 0
   * to {@link #length()}.
   *
   * @throws IllegalArgumentException as {@link ChatLogFormat#format(long, Command)}
   */
  void encodeSlot(long slot, Command command) {
    length = 0;
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    if (command instanceof Command.Batch batch) {
      List<ChatLine> lines = batch.lines();
      chatLine(slot, lines.get(0), lines.size() == 1);
      // Every line of the slot starts with the same "<slot>\t": written once, copied after.
      int prefix = indexOfTab(0) + 1;
      for (int i = 1; i < lines.size(); i++) {
        chatLine(slot, prefix, lines.get(i), i == lines.size() - 1);
      }
      return;
    }
    int start = length;
    decimal(slot);
    tab();
    if (command instanceof Command.OpenSession open) {
      ascii(SESSION);
      tab();
      decimal(open.clientId());
      tab();
      decimal(open.nonce());
    } else if (command instanceof Command.CloseSession close) {
      ascii(CLOSE);
      tab();
      decimal(close.clientId());
      tab();
      decimal(close.session());
    } else {
      ascii(NOOP);
    }
    endLine(start, true);
  }

  /** Encodes one chat line of {@code slot}, ended by {@code \n}: the slot's last one if {@code last}. */
  void encodeLine(long slot, ChatLine line, boolean last) {
    length = 0;
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    chatLine(slot, line, last);
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  /** What was encoded, without the final {@code \n}. */
  String withoutLastLineEnd() {
    return new String(bytes, 0, length - 1, StandardCharsets.UTF_8);
  }

  private void chatLine(long slot, ChatLine line, boolean last) {
    chatLine(slot, 0, line, last);
  }

  /**
   * One chat line of {@code slot}; with {@code prefix} above 0, the first {@code prefix} bytes
   * of the array hold {@code "<slot>\t"} already and are copied rather than written again.
   */
  private void chatLine(long slot, int prefix, ChatLine line, boolean last) {
    if (line.clientId() < 0) {
      throw new IllegalArgumentException("client id must be >= 0, was " + line.clientId());
    }
    if (line.seq() < 1) {
      throw new IllegalArgumentException("seq must be >= 1, was " + line.seq());
    }
    Utf8Text text = line.utf8();
    if (text.hasLineBreak()) {
      throw new IllegalArgumentException(
          "slot " + slot + ": text contains a line break, which the log format cannot hold");
    }
    int start = length;
    if (prefix > 0) {
      ensure(prefix);
      System.arraycopy(bytes, 0, bytes, length, prefix);
      length += prefix;
    } else {
      decimal(slot);
      tab();
    }
    decimal(line.clientId());
    tab();
    decimal(line.seq());
    tab();
    ensure(text.length());
    length = text.copyTo(bytes, length);
    endLine(start, last);
  }

  /** The checksum of the line's body from {@code start}, the end-of-slot mark, the line end. */
  private void endLine(int start, boolean lastOfSlot) {
    crc.reset();
    crc.update(bytes, start, length - start);
    int value = (int) crc.getValue();
    ensure(11);
    bytes[length++] = '\t';
    for (int shift = 28; shift >= 0; shift -= 4) {
      bytes[length++] = HEX[(value >>> shift) & 0xf];
    }
    if (lastOfSlot) {
      bytes[length++] = END_OF_SLOT;
    }
    bytes[length++] = '\n';
  }

  private void tab() {
    ensure(1);
    bytes[length++] = '\t';
  }

  private void ascii(byte[] text) {
    ensure(text.length);
    System.arraycopy(text, 0, bytes, length, text.length);
    length += text.length;
  }

  private int indexOfTab(int from) {
    int at = from;
    while (bytes[at] != '\t') {
      at++;
    }
    return at;
  }

  /** As {@code Long.toString}: a minus sign for a negative value, no leading zeros. */
  private void decimal(long value) {
    if (value >= 0 && value <= Integer.MAX_VALUE) {
      nonNegative((int) value); // the common case, in cheaper 32-bit arithmetic
      return;
    }
    if (value == Long.MIN_VALUE) {
      ascii(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
      return;
    }
    ensure(20);
    if (value < 0) {
      bytes[length++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    for (int at = length + digits - 1; at >= length; at--) {
      bytes[at] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += digits;
  }

  /** {@code value} (at least 0) in decimal digits. */
  private void nonNegative(int value) {
    int digits = 1;
    while (digits < 10 && value >= POWERS_OF_TEN[digits]) {
      digits++;
    }
    ensure(digits);
    int at = length + digits;
    while (value >= 10) {
      int rest = value / 10;
      bytes[--at] = (byte) ('0' + value - rest * 10);
      value = rest;
    }
    bytes[--at] = (byte) ('0' + value);
    length += digits;
  }

  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
  };

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
    }
  }
}
