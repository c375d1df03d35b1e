package io.paxoschat.storage;

import io.paxoschat.paxos.Utf8Text;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Records in the frames of a {@link RecordFile} ({@code [int32 length][int32 CRC32][payload]},
 * big-endian), encoded in place into one buffer that grows as needed and is reused batch after
 * batch: the acceptor's writer thread encodes a record per Accept, and a batch of a few hundred
 * lines used to grow a fresh stream byte array a dozen times and then be copied twice more.
 *
 * <p>One owner at a time.
 */
final class RecordBuffer {

  private ByteBuffer buffer;
  private int frameStart = -1;

  RecordBuffer(int capacity) {
    buffer = ByteBuffer.allocate(capacity);
  }

  /** Empties it for the next batch; the capacity it grew to stays. */
  void clear() {
    buffer.clear();
    frameStart = -1;
  }

  /** Starts a frame: its header is filled in by {@link #endFrame}. */
  void beginFrame() {
    ensure(RecordFile.HEADER);
    frameStart = buffer.position();
    buffer.position(frameStart + RecordFile.HEADER);
  }

  /** Ends the frame begun last: its length and the checksum of what was put since. */
  void endFrame(CRC32 crc) {
    int payloadStart = frameStart + RecordFile.HEADER;
    int length = buffer.position() - payloadStart;
    crc.reset();
    crc.update(buffer.array(), payloadStart, length);
    buffer.putInt(frameStart, length);
    buffer.putInt(frameStart + 4, (int) crc.getValue());
    frameStart = -1;
  }

  void putByte(byte value) {
    ensure(1);
    buffer.put(value);
  }

  void putInt(int value) {
    ensure(4);
    buffer.putInt(value);
  }

  void putLong(long value) {
    ensure(8);
    buffer.putLong(value);
  }

  void put(byte[] bytes) {
    ensure(bytes.length);
    buffer.put(bytes);
  }

  /** {@code text}'s UTF-8 behind its length in bytes (an int32). */
  void putSized(Utf8Text text) {
    ensure(4 + text.length());
    buffer.putInt(text.length());
    buffer.position(text.copyTo(buffer.array(), buffer.position()));
  }

  /** What was put so far, ready to be written out (position 0, limit at its end). */
  ByteBuffer written() {
    return buffer.duplicate().flip();
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  private void ensure(int more) {
    if (buffer.remaining() < more) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
      bigger.put(buffer.flip());
      buffer = bigger;
    }
  }
}
