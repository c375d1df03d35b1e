package io.paxoschat.actor;

import io.paxoschat.events.EventRecorder;
import io.paxoschat.paxos.Command;

/** A learner's chat log that records each executed slot and how long each fsync took. */
public final class EventRecordingSink extends ForwardingSink {

  private final int replica;
  private final EventRecorder events;

  private EventRecordingSink(ExecutionSink inner, int replica, EventRecorder events) {
    super(inner);
    this.replica = replica;
    this.events = events;
  }

  /** {@code inner} itself when recording is off. */
  public static ExecutionSink of(ExecutionSink inner, int replica, EventRecorder events) {
    return events.on() ? new EventRecordingSink(inner, replica, events) : inner;
  }

  @Override
  public void executed(long slot, Command command) {
    inner.executed(slot, command);
    events.executed(replica, slot, command);
  }

  @Override
  public void force() {
    long start = System.nanoTime();
    inner.force();
    events.fsynced(replica, "chat log", System.nanoTime() - start);
  }
}
