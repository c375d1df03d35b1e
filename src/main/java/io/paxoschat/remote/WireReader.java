package io.paxoschat.remote;

import io.paxoschat.paxos.Utf8Text;
import java.nio.ByteBuffer;

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
    return readUtf8().toString();
  }

  Utf8Text readUtf8() {
    byte[] bytes = new byte[readCount(1)];
    buffer.get(bytes);
    try {
      return Utf8Text.decode(bytes);
    } catch (IllegalArgumentException e) {
      throw malformed("a text is not UTF-8");
    }
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
