package io.paxoschat.chatlog;

import io.paxoschat.paxos.Command;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends executed slots to one replica's log, in slot order from 0. Opening a writer empties
 * the file: a run starts from an empty log. Output is buffered; {@link #flush()} hands it to the
 * operating system (no fsync: the chat log is a product of execution, not protocol state).
 *
 * <p>One owner at a time (the learner of one replica); not thread-safe.
 */
public final class ChatLogWriter implements Closeable {

  private final Path file;
  private final BufferedWriter out;
  private long nextSlot;
  private boolean closed;

  /** Opens {@code LOGDIR/replica-<id>.log}, creating the directory if needed. */
  public static ChatLogWriter create(Path logDir, int replicaId) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException(logDir + ": cannot create log directory", e);
    }
    return new ChatLogWriter(ChatLogFiles.logFile(logDir, replicaId));
  }

  /** Opens {@code file}, truncating whatever it held. */
  public ChatLogWriter(Path file) {
    this.file = file;
    try {
      this.out =
          Files.newBufferedWriter(
              file,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot open for writing", e);
    }
  }

  /**
   * Writes the line for {@code slot}.
   *
   * @throws IllegalStateException if {@code slot} is not the next slot or the writer is closed;
   *     a gap here would break the one-line-per-slot contract silently
   */
  public void append(long slot, Command command) {
    if (closed) {
      throw new IllegalStateException(file + ": append after close");
    }
    if (slot != nextSlot) {
      throw new IllegalStateException(
          file + ": slot " + slot + " appended where slot " + nextSlot + " was expected");
    }
    String line = ChatLogFormat.format(slot, command);
    try {
      out.write(line);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write slot " + slot, e);
    }
    nextSlot++;
  }

  public void append(LogEntry entry) {
    append(entry.slot(), entry.command());
  }

  /** The slot the next {@link #append} must carry; also the number of lines written. */
  public long nextSlot() {
    return nextSlot;
  }

  public Path file() {
    return file;
  }

  public void flush() {
    if (closed) {
      return;
    }
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot flush", e);
    }
  }

  /** Flushes and closes; closing twice is harmless. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot close", e);
    }
  }
}
