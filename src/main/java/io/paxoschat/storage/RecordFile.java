package io.paxoschat.storage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * An append-only file of checksummed records: an 8-byte magic, then frames of
 * {@code [int32 length][int32 CRC32 of payload][payload]}, big-endian.
 *
 * <p>Reading tells a torn tail from corruption. A crash in the middle of an append leaves the
 * last frame short (its length runs past the end of the file), or its payload not fully on disk
 * (its checksum fails, and nothing follows it), or the file padded with zeros: that is a torn
 * tail, the write was never acknowledged, and it is cut off. A bad frame with intact data after
 * it cannot come from a crash: that is corruption, and the file is refused.
 */
public final class RecordFile {

  static final byte[] MAGIC = {'P', 'X', 'C', 'H', 'A', 'L', 'G', '1'};
  /** Far above any real record (a chat line is at most 64 KiB); a larger length is garbage. */
  static final int MAX_PAYLOAD = 1 << 20;
  static final int HEADER = 8;

  private RecordFile() {}

  /** Receives each intact payload in file order. */
  @FunctionalInterface
  public interface PayloadHandler {
    /** @throws IllegalArgumentException if the payload is not a record this file may hold */
    void accept(byte[] payload);
  }

  /**
   * What {@link #replay} found.
   *
   * @param validBytes length of the file once a torn tail is cut off
   * @param records intact records read
   * @param repair null, or what was cut off and why (one line, for the operator)
   */
  public record Replay(long validBytes, long records, String repair) {}

  /**
   * Reads every intact record of {@code file} into {@code handler}, cutting off a torn tail
   * (the file is truncated and, when {@code sync}, fsynced). A missing or empty file has no records.
   *
   * @throws StorageException naming the file and the offset of a corrupt record
   */
  public static Replay replay(Path file, boolean sync, PayloadHandler handler) {
    if (!Files.exists(file)) {
      return new Replay(0, 0, null);
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new StorageException(file + ": cannot read: " + e.getMessage(), e);
    }
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
      if (size < MAGIC.length) {
        byte[] start = in.readNBytes((int) size);
        if (!Arrays.equals(start, Arrays.copyOf(MAGIC, start.length)) && !allZero(start)) {
          throw new StorageException(file + ": not a paxos-chat record file (bad header)");
        }
        return cut(file, sync, 0, 0, size == 0 ? null : "a header torn at " + size + " bytes");
      }
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        if (allZero(magic) && restIsZero(file, 0)) {
          return cut(file, sync, 0, 0, "a file of zeros (" + size + " bytes)");
        }
        throw new StorageException(file + ": not a paxos-chat record file (bad header)");
      }
      long offset = MAGIC.length;
      long records = 0;
      CRC32 crc = new CRC32();
      while (offset < size) {
        long left = size - offset;
        if (left < HEADER) {
          return cut(file, sync, offset, records, "a frame header torn at " + left + " bytes");
        }
        int length = in.readInt();
        int checksum = in.readInt();
        if (length <= 0 || length > MAX_PAYLOAD) {
          if (restIsZero(file, offset)) {
            return cut(file, sync, offset, records, "zeros after the last record");
          }
          if (length > 0 && offset + HEADER + (long) length > size) {
            return cut(file, sync, offset, records, "a record whose length runs past the end");
          }
          throw corrupt(file, offset, size, "impossible record length " + length);
        }
        if (offset + HEADER + (long) length > size) {
          return cut(file, sync, offset, records, "a record whose length runs past the end");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        crc.reset();
        crc.update(payload);
        long end = offset + HEADER + length;
        if ((int) crc.getValue() != checksum) {
          if (end == size || restIsZero(file, offset + HEADER)) {
            return cut(file, sync, offset, records, "a last record whose checksum fails");
          }
          throw corrupt(file, offset, size, "checksum mismatch");
        }
        try {
          handler.accept(payload);
        } catch (IllegalArgumentException e) {
          throw corrupt(file, offset, size, "unreadable record: " + e.getMessage());
        }
        records++;
        offset = end;
      }
      return new Replay(offset, records, null);
    } catch (EOFException e) {
      throw new StorageException(file + ": changed while being read", e);
    } catch (IOException e) {
      throw new StorageException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static StorageException corrupt(Path file, long offset, long size, String why) {
    return new StorageException(file + ": corrupt record at offset " + offset + " of " + size
        + " bytes (" + why + ", with more data after it); refusing to start rather than diverge");
  }

  private static Replay cut(Path file, boolean sync, long validBytes, long records, String what) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(validBytes);
      if (sync) {
        channel.force(true);
      }
    } catch (IOException e) {
      throw new StorageWriteException(file + ": cannot cut off a torn tail: " + IoErrors.describe(e), e);
    }
    String repair = what == null ? null
        : file + ": cut off a torn tail at offset " + validBytes + " (" + what + ")";
    return new Replay(validBytes, records, repair);
  }

  private static boolean allZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean restIsZero(Path file, long from) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      long position = from;
      while (true) {
        buffer.clear();
        int read = channel.read(buffer, position);
        if (read < 0) {
          return true;
        }
        for (int i = 0; i < read; i++) {
          if (buffer.get(i) != 0) {
            return false;
          }
        }
        position += read;
      }
    }
  }

  /** Writes every remaining byte of {@code buffer} to {@code channel} (the file {@code file}) at its position. */
  static void writeFully(Path file, FileChannel channel, ByteBuffer buffer) throws IOException {
    SimulatedDiskFault.beforeWrite(file, buffer.remaining());
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
