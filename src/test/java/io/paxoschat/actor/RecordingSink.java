package io.paxoschat.actor;

import io.paxoschat.paxos.Command;
import java.util.ArrayList;
import java.util.List;

/** A chat log in memory: what a learner actor executed, in the order it did. */
final class RecordingSink implements ExecutionSink {

  private final List<Command> executed = new ArrayList<>();
  private volatile boolean closed;

  @Override
  public synchronized void executed(long slot, Command command) {
    if (slot != executed.size()) {
      throw new IllegalStateException("slot " + slot + " executed after " + executed.size() + " slots");
    }
    executed.add(command);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    closed = true;
  }

  synchronized List<Command> executed() {
    return List.copyOf(executed);
  }

  boolean closed() {
    return closed;
  }
}
