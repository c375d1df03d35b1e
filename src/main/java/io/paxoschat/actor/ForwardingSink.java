package io.paxoschat.actor;

import io.paxoschat.paxos.Command;
import java.util.List;

/** An execution sink that passes everything to another; a wrapper overrides what it watches. */
abstract class ForwardingSink implements ExecutionSink {

  protected final ExecutionSink inner;

  protected ForwardingSink(ExecutionSink inner) {
    this.inner = inner;
  }

  @Override
  public void executed(long slot, Command command) {
    inner.executed(slot, command);
  }

  @Override
  public void flush() {
    inner.flush();
  }

  @Override
  public boolean needsForce() {
    return inner.needsForce();
  }

  @Override
  public void force() {
    inner.force();
  }

  @Override
  public void close() {
    inner.close();
  }

  @Override
  public void abandon() {
    inner.abandon();
  }

  @Override
  public List<Command> read(long fromSlot, int maxSlots, int maxBytes) {
    return inner.read(fromSlot, maxSlots, maxBytes);
  }
}
