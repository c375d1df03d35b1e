package io.paxoschat.cli;

import io.paxoschat.actor.ExecutionSink;
import io.paxoschat.chatlog.ChatLogWriter;
import io.paxoschat.paxos.Command;

/** A replica's chat log file as the learner's execution sink. */
final class ChatLogSink implements ExecutionSink {

  private final ChatLogWriter writer;

  ChatLogSink(ChatLogWriter writer) {
    this.writer = writer;
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
  public void close() {
    writer.close();
  }
}
