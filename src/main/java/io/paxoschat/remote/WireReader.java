package io.paxoschat.remote;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link WireWriter} wrote, trusting nothing: every count and length is checked
 * against the bytes left before anything is allocated for it, so a malformed frame fails with
 * a {@link WireFormatException} naming the message, never with an out-of-memory error.
 */
final class WireReader {

  private final ByteBuffer buffer;
  private final String message;

  WireReader(ByteBuffer buffer, String message) {
    this.buffer = buffer;
    this.message = message;
  }

  int readByte() {
    if (!buffer.hasRemaining()) {
      throw malformed("it ends early");
    }
    return buffer.get() & 0xFF;
  }

  boolean readBoolean() {
    int value = readByte();
    if (value > 1) {
      throw malformed("a flag is " + value + ", not 0 or 1");
    }
    return value == 1;
  }

  long readLong() {
    long raw = readUnsigned();
    return (raw >>> 1) ^ -(raw & 1);
  }

  int readInt() {
    long value = readLong();
    if (value != (int) value) {
      throw malformed("an int field holds " + value);
    }
    return (int) value;
  }

  /**
   * A count of items that each take at least {@code minBytesEach} bytes: more than the bytes
   * left can hold is malformed.
   */
  int readCount(int minBytesEach) {
    long count = readUnsigned(); // ten bytes can set the sign bit: negative is too large too
    if (count < 0 || count > buffer.remaining() / minBytesEach) {
      throw malformed("a count of " + Long.toUnsignedString(count) + " does not fit the " + buffer.remaining() + " bytes left");
    }
    return (int) count;
  }

  String readText() {
    int length = readCount(1);
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    if (isAscii(bytes)) {
      return new String(bytes, StandardCharsets.US_ASCII); // the common case, without a decoder
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("a text is not UTF-8");
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

  void expectEnd() {
    if (buffer.hasRemaining()) {
      throw malformed(buffer.remaining() + " stray bytes follow it");
    }
  }

  WireFormatException malformed(String why) {
    return new WireFormatException("malformed " + message + " message: " + why);
  }

  private long readUnsigned() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw malformed("a number runs over 10 bytes");
  }
}
