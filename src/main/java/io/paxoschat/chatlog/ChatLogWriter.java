package io.paxoschat.chatlog;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Session;
import io.paxoschat.storage.SimulatedDiskFault;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends executed slots to one replica's log, in slot order from 0. Output is buffered;
 * {@link #flush()} hands it to the operating system and {@link #force()} also fsyncs it.
 *
 * <p>Two ways to open: {@link #create} starts an empty log (a fresh run), {@link #recover}
 * continues an existing one after a restart. Recovery checks every line (format, slot numbers,
 * each client's lines in seq order as the learner writes them), cuts off a torn last line (a
 * crash in the middle of a write), and refuses a log with a bad line in the middle, so the file
 * continues with no repeated or missing lines. A slot's lines are written together, but a crash
 * can still tear a batch between two of its lines, and nothing in the lines says how many a
 * slot has: so recovery also cuts off the last slot when it is a batch, and the learner executes
 * it again from its peers (the leader's compaction keeps that slot available for it).
 *
 * <p>It can also read back what it wrote ({@link #read}), which is how a replica serves slots it
 * no longer keeps in memory to a peer that lags; a sparse index of line offsets keeps that cheap.
 *
 * <p>One owner at a time (the learner of one replica); not thread-safe.
 */
public final class ChatLogWriter implements Closeable {

  private static final int BUFFER_BYTES = 1 << 18;

  private final Path file;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private final ChatLogEncoder encoder = new ChatLogEncoder();
  private long nextSlot;
  /** Bytes of the file including what is still buffered. */
  private long position;
  private final SlotOffsets index;
  private final Recovered recovered;
  private boolean closed;

  /**
   * What a recovered log already held.
   *
   * @param nextSlot the slot the next append carries: the number of lines in the log
   * @param lastExecutedSeq per client, the seq of its last line in the log
   * @param sessions per client, the last session the log opened for it
   * @param repair null, or what was cut off (one line, for the operator)
   */
  public record Recovered(long nextSlot, Map<Integer, Long> lastExecutedSeq, Map<Integer, Session> sessions,
      String repair) {
    public Recovered {
      lastExecutedSeq = Map.copyOf(lastExecutedSeq);
      sessions = Map.copyOf(sessions);
    }

    static final Recovered EMPTY = new Recovered(0, Map.of(), Map.of(), null);
  }

  /** Opens {@code LOGDIR/replica-<id>.log} empty, creating the directory if needed. */
  public static ChatLogWriter create(Path logDir, int replicaId) {
    createDirectories(logDir);
    return new ChatLogWriter(ChatLogFiles.logFile(logDir, replicaId));
  }

  /** Opens {@code file}, truncating whatever it held. */
  public ChatLogWriter(Path file) {
    this(file, open(file, true), Recovered.EMPTY, 0, new SlotOffsets());
  }

  private ChatLogWriter(Path file, FileChannel channel, Recovered recovered, long position, SlotOffsets index) {
    this.file = file;
    this.channel = channel;
    this.recovered = recovered;
    this.nextSlot = recovered.nextSlot();
    this.position = position;
    this.index = index;
  }

  /**
   * Opens {@code LOGDIR/replica-<id>.log} to continue it: every line is checked, a torn last
   * line is cut off, and the writer appends after the last whole line. A missing file is an
   * empty log.
   *
   * @throws ChatLogException naming the file, line and offset of a bad line that is not the last
   */
  public static ChatLogWriter recover(Path logDir, int replicaId) {
    createDirectories(logDir);
    Path file = ChatLogFiles.logFile(logDir, replicaId);
    Scan scan = scan(file);
    FileChannel channel = open(file, false);
    try {
      if (scan.validBytes < channel.size()) {
        channel.truncate(scan.validBytes);
      }
      channel.position(scan.validBytes);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException(file + ": cannot cut off a torn last line", e);
    }
    Recovered recovered = new Recovered(scan.slots, scan.lastExecutedSeq, scan.sessions, scan.repair);
    return new ChatLogWriter(file, channel, recovered, scan.validBytes, scan.index);
  }

  /** What {@link #recover} found in the file; empty for a writer that started a fresh log. */
  public Recovered recovered() {
    return recovered;
  }

  /**
   * Writes the lines of {@code slot}, in one piece unless they exceed the buffer.
   *
   * @throws IllegalStateException if {@code slot} is not the next slot or the writer is closed;
   *     a gap here would break the every-slot-appears contract silently
   */
  public void append(long slot, Command command) {
    if (closed) {
      throw new IllegalStateException(file + ": append after close");
    }
    if (slot != nextSlot) {
      throw new IllegalStateException(
          file + ": slot " + slot + " appended where slot " + nextSlot + " was expected");
    }
    encoder.encodeSlot(slot, command);
    int length = encoder.length();
    index.slotStarts(slot, position);
    try {
      if (length > buffer.remaining()) {
        drainBuffer();
      }
      if (length > buffer.capacity()) {
        writeFully(ByteBuffer.wrap(encoder.bytes(), 0, length));
      } else {
        buffer.put(encoder.bytes(), 0, length);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write slot " + slot, e);
    }
    position += length;
    nextSlot++;
  }

  public void append(LogEntry entry) {
    append(entry.slot(), entry.command());
  }

  /** The slot the next {@link #append} must carry; also the number of slots written. */
  public long nextSlot() {
    return nextSlot;
  }

  public Path file() {
    return file;
  }

  /** Hands what is buffered to the operating system. */
  public void flush() {
    if (closed) {
      return;
    }
    try {
      drainBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot flush", e);
    }
  }

  /** Flushes and fsyncs: every line appended so far survives a power loss. */
  public void force() {
    if (closed) {
      return;
    }
    flush();
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot fsync", e);
    }
  }

  /**
   * Fsyncs what {@link #flush} has handed to the operating system. Safe to call from another
   * thread while the owner goes on appending: it covers at least everything flushed before it
   * was called.
   *
   * @throws UncheckedIOException also if the writer was closed meanwhile
   */
  public void forceFlushed() {
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot fsync", e);
    }
  }

  /**
   * Up to {@code maxSlots} slots from {@code fromSlot} on (fewer if their bytes pass
   * {@code maxBytes}, but at least one), as they were written.
   */
  public List<LogEntry> read(long fromSlot, int maxSlots, int maxBytes) {
    List<LogEntry> entries = new ArrayList<>();
    if (fromSlot < 0 || fromSlot >= nextSlot || maxSlots < 1) {
      return entries;
    }
    flush();
    long start = index.readFrom(fromSlot);
    SlotGrouper slots = new SlotGrouper();
    long offset = start;
    int bytes = 0;
    try {
      LineReader lines = new LineReader(new BufferedInputStream(new ChannelSlice(channel, start), 1 << 16));
      byte[] line;
      while ((line = lines.next()) != null) {
        LogEntry entry = verified(line, offset);
        offset += line.length + 1;
        if (entry.slot() >= nextSlot) {
          break;
        }
        if (entry.slot() < fromSlot) {
          continue;
        }
        LogEntry whole = slots.add(entry);
        if (whole != null) {
          entries.add(whole);
          if (entries.size() == maxSlots || bytes > maxBytes) { // bytes of the slots read so far
            return entries;
          }
        }
        bytes += line.length;
      }
      LogEntry last = slots.finish();
      if (last != null) {
        entries.add(last);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read back from slot " + fromSlot, e);
    }
    return entries;
  }

  /** The byte offset {@link #read} starts scanning at to find {@code slot}. */
  long readStart(long slot) {
    return index.readFrom(slot);
  }

  /**
   * The entry of {@code line}, checked as recovery checks it: a line the disk changed since it
   * was written must never reach a peer or a reader.
   *
   * @throws ChatLogException naming the file, line and offset
   */
  private LogEntry verified(byte[] line, long offset) {
    try {
      return ChatLogFormat.parse(new String(line, StandardCharsets.UTF_8));
    } catch (ChatLogException e) {
      throw new ChatLogException(file + ": the line at offset " + offset + " is bad (" + e.getMessage()
          + "); refusing to serve it");
    }
  }

  /** Flushes and closes; closing twice is harmless. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      drainBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot close", e);
    } finally {
      closed = true;
      closeQuietly(channel);
    }
  }

  /**
   * Closes like a crash would: what is still buffered is lost, what was flushed stays. A later
   * {@link #recover} finds the log as a crashed process would have left it.
   */
  public void abandon() {
    closed = true;
    closeQuietly(channel);
  }

  private void drainBuffer() throws IOException {
    buffer.flip();
    writeFully(buffer);
    buffer.clear();
  }

  private void writeFully(ByteBuffer bytes) throws IOException {
    SimulatedDiskFault.beforeWrite(file, bytes.remaining());
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  // ---- opening and recovery ---------------------------------------------------------------

  private static void createDirectories(Path logDir) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException(logDir + ": cannot create log directory", e);
    }
  }

  private static FileChannel open(Path file, boolean truncate) {
    try {
      return truncate
          ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE, StandardOpenOption.READ)
          : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot open for writing", e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing more to lose
    }
  }

  /** What a scan of an existing log found. */
  private static final class Scan {
    long slots;
    long validBytes;
    final SlotOffsets index = new SlotOffsets();
    final Map<Integer, Long> lastExecutedSeq = new HashMap<>();
    final Map<Integer, Session> sessions = new HashMap<>();
    String repair;
  }

  private static Scan scan(Path file) {
    Scan scan = new Scan();
    if (!Files.exists(file)) {
      return scan;
    }
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
      LineReader lines = new LineReader(in);
      byte[] line;
      long offset = 0;
      int lineNumber = 0;
      // The slot whose lines are being read, and where it starts in the file.
      long openSlot = -1;
      boolean openIsBatch = false;
      boolean openEnded = false;
      long openSlotOffset = 0;
      Map<Integer, Long> seqBeforeOpenSlot = new HashMap<>();
      while ((line = lines.next()) != null) {
        lineNumber++;
        boolean terminated = lines.lastWasTerminated();
        String problem = null;
        LogEntry entry = null;
        if (!terminated) {
          problem = "no line end";
        } else {
          try {
            CharBuffer chars = utf8.decode(ByteBuffer.wrap(line));
            String text = chars.toString();
            entry = ChatLogFormat.parse(text);
            boolean continuesBatch = entry.slot() == openSlot && openIsBatch && !openEnded
                && entry.command() instanceof Command.Batch;
            if (!continuesBatch && entry.slot() != openSlot + 1) {
              problem = "slot " + entry.slot() + " where slot " + (openSlot + 1) + " belongs";
            } else if (!continuesBatch && openSlot >= 0 && !openEnded) {
              problem = "slot " + openSlot + " has no last line";
            } else if (entry.command() instanceof Command.Batch batch) {
              ChatLine chatLine = batch.lines().get(0);
              long last = scan.lastExecutedSeq.getOrDefault(chatLine.clientId(), 0L);
              if (chatLine.seq() != last + 1) {
                // The learner writes a line only when it is its client's next one.
                problem = "client " + chatLine.clientId() + " seq " + chatLine.seq() + " after seq " + last;
              }
            }
          } catch (CharacterCodingException e) {
            problem = "not UTF-8";
          } catch (ChatLogException e) {
            problem = e.getMessage();
          }
        }
        long next = offset + line.length + (terminated ? 1 : 0);
        if (problem != null) {
          if (lines.atEnd()) {
            scan.repair = file + ": cut off a torn last line at offset " + offset + " (" + problem + ")";
            break;
          }
          throw new ChatLogException(file + ": line " + lineNumber + " at offset " + offset + " is bad ("
              + problem + ") and more lines follow; refusing to continue a damaged log");
        }
        if (entry.slot() != openSlot) {
          // The slot before is whole: a later one follows it.
          scan.slots = entry.slot();
          scan.validBytes = offset;
          openSlot = entry.slot();
          openIsBatch = entry.command() instanceof Command.Batch;
          openSlotOffset = offset;
          seqBeforeOpenSlot = new HashMap<>(scan.lastExecutedSeq);
          scan.index.slotStarts(openSlot, offset);
        }
        if (entry.command() instanceof Command.Batch batch) {
          ChatLine chatLine = batch.lines().get(0);
          scan.lastExecutedSeq.put(chatLine.clientId(), chatLine.seq());
        } else {
          Session.replay(scan.sessions, entry.slot(), entry.command());
        }
        openEnded = line.length > 0 && line[line.length - 1] == ChatLogFormat.END_OF_SLOT.charAt(0);
        offset = next;
      }
      if (openSlot >= 0 && openEnded) {
        scan.slots = openSlot + 1;
        scan.validBytes = offset;
      } else if (openSlot >= 0) {
        // A crash cut the batch between two of its lines: the learner executes it again from peers.
        scan.lastExecutedSeq.clear();
        scan.lastExecutedSeq.putAll(seqBeforeOpenSlot);
        scan.validBytes = openSlotOffset;
        scan.index.forgetFrom(openSlot);
        String cut = file + ": cut off slot " + openSlot + ", whose last line was never written";
        scan.repair = scan.repair == null ? cut : scan.repair + "; " + cut;
      }
      return scan;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read", e);
    }
  }

  /** Gathers consecutive lines of one slot into one entry. */
  static final class SlotGrouper {
    private long slot = -1;
    private Command noop;
    private final List<ChatLine> lines = new ArrayList<>();

    /** Takes the next line; returns the slot before it when this line starts a new one. */
    LogEntry add(LogEntry line) {
      LogEntry finished = line.slot() != slot ? finish() : null;
      slot = line.slot();
      if (line.command() instanceof Command.Batch batch) {
        lines.addAll(batch.lines());
      } else {
        noop = line.command();
      }
      return finished;
    }

    /** The slot being gathered, whole; null if none. */
    LogEntry finish() {
      LogEntry entry = null;
      if (noop != null) {
        entry = new LogEntry(slot, noop);
      } else if (!lines.isEmpty()) {
        entry = new LogEntry(slot, new Command.Batch(lines));
      }
      noop = null;
      lines.clear();
      return entry;
    }

    boolean isEmpty() {
      return noop == null && lines.isEmpty();
    }
  }

  /** Reads a file channel from an offset on, without moving the channel's own position. */
  private static final class ChannelSlice extends InputStream {
    private final FileChannel channel;
    private long at;

    ChannelSlice(FileChannel channel, long from) {
      this.channel = channel;
      this.at = from;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      int read = channel.read(ByteBuffer.wrap(into, offset, length), at);
      if (read > 0) {
        at += read;
      }
      return read;
    }
  }

  /** Splits a stream on '\n' into byte lines (without the terminator). */
  private static final class LineReader {
    private final InputStream in;
    private byte[] line = new byte[256];
    private boolean terminated;
    private int peeked = -2;

    LineReader(InputStream in) {
      this.in = in;
    }

    /** The next line, or null at the end of the stream. */
    byte[] next() throws IOException {
      int length = 0;
      int b = peeked != -2 ? peeked : in.read();
      peeked = -2;
      if (b < 0) {
        return null;
      }
      while (b >= 0 && b != '\n') {
        if (length == line.length) {
          line = Arrays.copyOf(line, line.length * 2);
        }
        line[length++] = (byte) b;
        b = in.read();
      }
      terminated = b == '\n';
      return Arrays.copyOf(line, length);
    }

    boolean lastWasTerminated() {
      return terminated;
    }

    /** Whether the line just returned was the last one. */
    boolean atEnd() throws IOException {
      if (peeked == -2) {
        peeked = in.read();
      }
      return peeked < 0;
    }
  }
}
