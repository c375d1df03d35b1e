package io.paxoschat.storage;

import io.paxoschat.paxos.Acceptor;
import io.paxoschat.paxos.AcceptorRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acceptor's durable memory: {@code <replica dir>/acceptor.log}, a {@link RecordFile} of
 * {@link AcceptorRecord}s, written with group commit.
 *
 * <p>The acceptor actor hands records to {@link #append}, which only queues them and returns a
 * sequence number. The writer thread ({@link GroupCommit}, never a dispatcher thread) takes
 * everything queued, writes it in one go, fsyncs once for the whole batch (with {@link
 * Durability#FSYNC}), and reports "durable up to seq N"; the actor releases the answers those
 * records guard. One fsync serves every message that arrived while the previous one ran.
 *
 * <p>Compaction: {@link #rewrite} queues a snapshot of the acceptor's live records; the writer
 * writes them to {@code acceptor.log.compact}, fsyncs, and renames it over the log atomically,
 * so a crash leaves either the old file or the new one, never a mix.
 */
public final class AcceptorLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AcceptorLog.class);

  public static final String FILE_NAME = "acceptor.log";
  static final String COMPACT_SUFFIX = ".compact";
  private static final int MAX_BATCH = 8192;

  private final Path file;
  private final Durability durability;
  private final GroupCommit<Item> writer;
  /** The writer thread's: the bytes of a batch, and the checksum of each record. */
  private final RecordBuffer buffer = new RecordBuffer(1 << 16);
  private final CRC32 crc = new CRC32();
  private FileChannel channel;
  private long nextSeq = 1;
  private volatile long fileBytes;
  /** Told how long each fsync took, in nanoseconds, from the writer thread. */
  private volatile LongConsumer onForced = nanos -> {};

  /** One unit of work for the writer, in queue order. */
  private sealed interface Item permits Append, Rewrite {
    long seq();
  }

  private record Append(long seq, AcceptorRecord record) implements Item {}

  private record Rewrite(long seq, List<AcceptorRecord> snapshot) implements Item {}

  /** A recovered acceptor and the open log that continues its history. */
  public record Recovered(Acceptor acceptor, AcceptorLog log, RecordFile.Replay replay) {}

  private AcceptorLog(Path file, Durability durability, FileChannel channel, long fileBytes) {
    this.file = file;
    this.durability = durability;
    this.channel = channel;
    this.fileBytes = fileBytes;
    this.writer = new GroupCommit<>(file.toString(), this::writeBatch, MAX_BATCH);
  }

  /**
   * Replays {@code dir/acceptor.log} into the acceptor of replica {@code replicaId} and opens the
   * file for appending. A torn tail is cut off (and logged); a half-written compaction is
   * discarded, since the log it was meant to replace is still whole.
   *
   * @throws StorageException on corruption, naming the file and offset
   */
  public static Recovered open(Path dir, Durability durability, int replicaId) {
    if (durability == Durability.MEMORY) {
      throw new IllegalArgumentException("memory durability keeps no acceptor log");
    }
    Path file = dir.resolve(FILE_NAME);
    boolean sync = durability == Durability.FSYNC;
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve(FILE_NAME + COMPACT_SUFFIX));
    } catch (IOException e) {
      throw new StorageWriteException(dir + ": cannot prepare the data directory: " + IoErrors.describe(e), e);
    }
    Acceptor acceptor = new Acceptor(replicaId);
    RecordFile.Replay replay = RecordFile.replay(file, sync,
        payload -> acceptor.replay(AcceptorRecordCodec.decode(payload)));
    if (replay.repair() != null) {
      log.warn("{}", replay.repair());
    }
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      long size = channel.size();
      if (size == 0) {
        RecordFile.writeFully(file, channel, ByteBuffer.wrap(RecordFile.MAGIC));
        if (sync) {
          channel.force(true);
          forceDirectory(dir);
        }
        size = RecordFile.MAGIC.length;
      }
      channel.position(size);
      return new Recovered(acceptor, new AcceptorLog(file, durability, channel, size), replay);
    } catch (IOException e) {
      throw new StorageWriteException(file + ": cannot open for appending: " + IoErrors.describe(e), e);
    }
  }

  /**
   * Starts the writer thread. {@code onDurable} is called from it with the highest sequence
   * number whose record (and every earlier one) is durable; {@code onFailure} once if writing
   * fails, after which nothing more becomes durable.
   */
  public void start(String name, LongConsumer onDurable, Consumer<Exception> onFailure) {
    start(name, onDurable, nanos -> {}, onFailure);
  }

  /** As above; {@code onForced} is told how long each fsync took, in nanoseconds, from the writer thread. */
  public void start(String name, LongConsumer onDurable, LongConsumer onForced,
      Consumer<Exception> onFailure) {
    this.onForced = onForced;
    writer.start(name, item -> onDurable.accept(item.seq()), onFailure);
  }

  /** Queues {@code record}; returns its sequence number. Called by the acceptor actor only. */
  public long append(AcceptorRecord record) {
    long seq = nextSeq++;
    writer.submit(new Append(seq, record));
    return seq;
  }

  /**
   * Queues a rewrite of the file to {@code snapshot}, the acceptor's state after every record
   * appended so far; returns the sequence number that becomes durable with it.
   */
  public long rewrite(List<AcceptorRecord> snapshot) {
    long seq = nextSeq++;
    writer.submit(new Rewrite(seq, List.copyOf(snapshot)));
    return seq;
  }

  /** The highest sequence number handed out so far (0 before the first). */
  public long lastSeq() {
    return nextSeq - 1;
  }

  /** Bytes in the file, as of the writer's last batch. */
  public long fileBytes() {
    return fileBytes;
  }

  public Path file() {
    return file;
  }

  /** Writes and syncs everything queued, then stops the writer and closes the file. */
  @Override
  public void close() {
    writer.stop();
    closeChannel();
  }

  /**
   * Like a crash: whatever is queued and not yet written is dropped (its answers never left),
   * and the file is closed so that a new incarnation can open it.
   */
  public void crash() {
    writer.crash();
    closeChannel();
  }

  private void closeChannel() {
    try {
      if (channel.isOpen()) {
        channel.close();
      }
    } catch (IOException e) {
      log.warn("{}: close failed: {}", file, e.getMessage());
    }
  }

  /** On the writer thread: writes a batch of records (and rewrites) and fsyncs it once. */
  private void writeBatch(List<Item> batch) throws IOException {
    buffer.clear();
    for (Item item : batch) {
      if (item instanceof Append append) {
        buffer.beginFrame();
        AcceptorRecordCodec.write(append.record(), buffer);
        buffer.endFrame(crc);
      } else if (item instanceof Rewrite rewrite) {
        writeBuffer(buffer);
        buffer.clear();
        replaceWith(rewrite.snapshot(), crc);
      }
    }
    writeBuffer(buffer);
    if (durability == Durability.FSYNC) {
      long forceStart = System.nanoTime();
      channel.force(false);
      onForced.accept(System.nanoTime() - forceStart);
    }
    fileBytes = channel.position();
  }

  private void writeBuffer(RecordBuffer buffer) throws IOException {
    RecordFile.writeFully(file, channel, buffer.written());
  }

  private void replaceWith(List<AcceptorRecord> snapshot, CRC32 crc) throws IOException {
    boolean sync = durability == Durability.FSYNC;
    Path compact = file.resolveSibling(FILE_NAME + COMPACT_SUFFIX);
    RecordBuffer records = new RecordBuffer(1 << 16);
    records.put(RecordFile.MAGIC);
    for (AcceptorRecord record : snapshot) {
      records.beginFrame();
      AcceptorRecordCodec.write(record, records);
      records.endFrame(crc);
    }
    try (FileChannel out = FileChannel.open(compact,
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      RecordFile.writeFully(compact, out, records.written());
      if (sync) {
        out.force(true);
      }
    }
    Files.move(compact, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (sync) {
      forceDirectory(file.getParent());
    }
    channel.close();
    channel = FileChannel.open(file, StandardOpenOption.WRITE);
    channel.position(channel.size());
    log.debug("{}: compacted to {} records, {} bytes", file, snapshot.size(), channel.size());
  }

  /** Makes a rename or a new file in {@code dir} durable; a no-op where the platform cannot. */
  static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; Linux, where it matters, can.
    }
  }
}
