package io.paxoschat.actor;

import io.paxoschat.chatlog.ChatLogWriter;
import io.paxoschat.chatlog.LogEntry;
import io.paxoschat.paxos.Command;
import java.util.List;

/**
 * A replica's chat log file as the learner's execution sink. With {@code sync}, the learner
 * fsyncs it ({@link #force}) before it reports progress, which is what lets peers prune.
 */
public final class ChatLogSink implements ExecutionSink {

  private final ChatLogWriter writer;
  private final boolean sync;

  public ChatLogSink(ChatLogWriter writer, boolean sync) {
    this.writer = writer;
    this.sync = sync;
  }

  public ChatLogSink(ChatLogWriter writer) {
    this(writer, false);
  }

  @Override
  public void executed(long slot, Command command) {
    writer.append(slot, command);
  }

  @Override
  public void flush() {
    writer.flush();
  }

  @Override
  public boolean needsForce() {
    return sync;
  }

  @Override
  public void force() {
    writer.forceFlushed();
  }

  @Override
  public void close() {
    writer.close();
  }

  @Override
  public void abandon() {
    writer.abandon();
  }

  @Override
  public List<Command> read(long fromSlot, int maxSlots, int maxBytes) {
    return writer.read(fromSlot, maxSlots, maxBytes).stream().map(LogEntry::command).toList();
  }
}
