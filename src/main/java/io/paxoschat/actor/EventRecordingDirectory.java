package io.paxoschat.actor;

import io.paxoschat.events.EventRecorder;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Message;

/** A role's directory that records each message the role sends before it goes out. */
public final class EventRecordingDirectory implements Directory {

  private final Directory inner;
  private final Address self;
  private final EventRecorder events;

  private EventRecordingDirectory(Directory inner, Address self, EventRecorder events) {
    this.inner = inner;
    this.self = self;
    this.events = events;
  }

  /** {@code inner} itself when recording is off. */
  public static Directory of(Directory inner, Address self, EventRecorder events) {
    return events.on() ? new EventRecordingDirectory(inner, self, events) : inner;
  }

  @Override
  public void send(Address to, Message message) {
    events.sent(self, to, message);
    inner.send(to, message);
  }
}
