package io.paxoschat.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A replica's {@code replica-<id>.state}, kept open and rewritten in place, ten times a second.
 *
 * <p>It used to be written to a new file and renamed over the old one: on ext4 that allocated an
 * inode, journalled two directory changes and (replacing a file by rename) started a write-back
 * of the new one to the disk, every 100 ms in every replica, next to the logs whose fsyncs pace
 * the protocol. One {@code pwrite} of a fixed-length record at offset 0 stays in the page cache.
 * A reader racing a write may see a mix of the old and the new record; the record's checksum
 * ({@link ReplicaReport#formatChecked}) makes it reject that as it rejects a missing file, and
 * its next look finds a whole one.
 *
 * <p>The file is created by the first write, not before: a replica writes it once its roles run,
 * and readers take its presence for that. It stays open until the process ends.
 */
public final class ReplicaStateFile {

  /** Every record takes this many bytes, so that a shorter one leaves nothing of a longer one. */
  static final int RECORD_BYTES = 192;

  private final Path file;
  private FileChannel channel;

  public ReplicaStateFile(Path file) {
    this.file = file;
  }

  /** Replaces the record in the file with {@code report}; called from one thread at a time. */
  public void write(ReplicaReport report) {
    byte[] text = report.formatChecked().getBytes(StandardCharsets.US_ASCII);
    if (text.length > RECORD_BYTES - 1) {
      throw new IllegalArgumentException("a state record of " + text.length + " bytes is over " + RECORD_BYTES);
    }
    byte[] padded = Arrays.copyOf(text, RECORD_BYTES);
    Arrays.fill(padded, text.length, RECORD_BYTES - 1, (byte) ' ');
    padded[RECORD_BYTES - 1] = '\n';
    ByteBuffer record = ByteBuffer.wrap(padded);
    try {
      if (channel == null) {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      }
      int at = 0;
      while (record.hasRemaining()) {
        at += channel.write(record, at);
      }
    } catch (IOException e) {
      channel = null; // an interrupted write closes the channel: the next write opens it again
      throw new UncheckedIOException(file + ": cannot write", e);
    }
  }
}
