package io.paxoschat.events;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON line built straight into UTF-8 bytes, reused line after line by the record's writer.
 * A {@link StringBuilder} that once held a character beyond Latin-1 (the ellipsis of a long
 * batch's description) stays in UTF-16 for good, and every later line then took the encoder's
 * slow path; here ASCII, nearly all of a record, is one byte store per character.
 */
final class Utf8Line {

  private byte[] bytes = new byte[512];
  private int length;
  private final byte[] digits = new byte[19];

  void clear() {
    length = 0;
  }

  /** Appends {@code text}, which the caller knows is ASCII and needs no escape (names, punctuation). */
  Utf8Line ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      bytes[length++] = (byte) text.charAt(i);
    }
    return this;
  }

  Utf8Line ascii(char c) {
    ensure(1);
    bytes[length++] = (byte) c;
    return this;
  }

  Utf8Line number(long value) {
    if (value == Long.MIN_VALUE) {
      return ascii(Long.toString(value));
    }
    ensure(20);
    if (value < 0) {
      bytes[length++] = '-';
      value = -value;
    }
    int at = digits.length;
    do {
      digits[--at] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    System.arraycopy(digits, at, bytes, length, digits.length - at);
    length += digits.length - at;
    return this;
  }

  /** Appends {@code text} as a JSON string: quoted, escaped as {@link Json#string} escapes it. */
  Utf8Line string(CharSequence text) {
    ensure(text.length() + 2);
    bytes[length++] = '"';
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String escape = Json.escape(c);
      if (escape != null) {
        ascii(escape);
      } else if (c < 0x80) {
        ensure(1);
        bytes[length++] = (byte) c;
      } else {
        i = utf8(text, i);
      }
    }
    ensure(1);
    bytes[length++] = '"';
    return this;
  }

  /** Appends text that is JSON already (a value {@link Json} wrote), encoded as UTF-8. */
  Utf8Line json(CharSequence json) {
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c < 0x80) {
        ensure(1);
        bytes[length++] = (byte) c;
      } else {
        i = utf8(json, i);
      }
    }
    return this;
  }

  /**
   * Encodes the character at {@code i} (with its low surrogate, if it starts a pair) by the JDK's
   * encoder, which also writes a lone surrogate as '?'; returns the last index used. Rare: a record
   * is nearly all ASCII.
   */
  private int utf8(CharSequence text, int i) {
    int end = Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1)) ? i + 2 : i + 1;
    byte[] encoded = text.subSequence(i, end).toString().getBytes(StandardCharsets.UTF_8);
    ensure(encoded.length);
    System.arraycopy(encoded, 0, bytes, length, encoded.length);
    length += encoded.length;
    return end - 1;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, length);
  }

  byte[] toBytes() {
    return Arrays.copyOf(bytes, length);
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
    }
  }
}
