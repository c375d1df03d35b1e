package io.paxoschat.remote;

import io.paxoschat.paxos.Utf8Text;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes the primitives of the wire format into a {@link ByteBuffer}: variable-length integers
 * (LEB128, zigzag for signed values, so small ids and slots take one or two bytes) and UTF-8
 * text behind its length. Either into a buffer it grows itself, or straight into Artery's
 * send buffer, which it never grows: a message too big for that buffer overflows it, and
 * Artery reports the message as oversized.
 */
final class WireWriter {

  private ByteBuffer buffer;
  private final boolean growable;

  private WireWriter(ByteBuffer buffer, boolean growable) {
    this.buffer = buffer;
    this.growable = growable;
  }

  static WireWriter growable(int initialBytes) {
    return new WireWriter(ByteBuffer.allocate(initialBytes), true);
  }

  static WireWriter into(ByteBuffer target) {
    return new WireWriter(target, false);
  }

  void writeByte(int value) {
    ensure(1);
    buffer.put((byte) value);
  }

  void writeBoolean(boolean value) {
    writeByte(value ? 1 : 0);
  }

  /** Any long; small magnitudes, negative or not, are short. */
  void writeLong(long value) {
    writeUnsigned((value << 1) ^ (value >> 63));
  }

  void writeInt(int value) {
    writeLong(value);
  }

  /** A count or length, never negative. */
  void writeCount(int count) {
    writeUnsigned(count);
  }

  void writeText(String text) {
    writeText(Utf8Text.of(text));
  }

  void writeText(Utf8Text text) {
    writeCount(text.length());
    ensure(text.length());
    text.putInto(buffer);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  private void writeUnsigned(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    buffer.put((byte) value);
  }

  private void ensure(int bytes) {
    if (growable && buffer.remaining() < bytes) {
      ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
      buffer.flip();
      larger.put(buffer);
      buffer = larger;
    }
  }
}
