package io.paxoschat.actor;

import io.paxoschat.paxos.Command;

/** A learner's chat log that counts executed slots and times each fsync for the replica's metrics. */
public final class MeteredSink extends ForwardingSink {

  private final ReplicaMeters meters;

  private MeteredSink(ExecutionSink inner, ReplicaMeters meters) {
    super(inner);
    this.meters = meters;
  }

  /** {@code inner} itself when nothing is measured. */
  public static ExecutionSink of(ExecutionSink inner, ReplicaMeters meters) {
    return meters == ReplicaMeters.NONE ? inner : new MeteredSink(inner, meters);
  }

  @Override
  public void executed(long slot, Command command) {
    inner.executed(slot, command);
    meters.executed(command);
  }

  @Override
  public void force() {
    long start = System.nanoTime();
    inner.force();
    meters.fsynced("chat log", System.nanoTime() - start);
  }
}
