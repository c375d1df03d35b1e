package io.paxoschat.actor;

import io.paxoschat.fault.DropListener;
import io.paxoschat.paxos.Command;

/**
 * What a replica's actor shells and sinks report for its metrics, as it happens. Gauges (who
 * leads, proposals pending) are read from {@link ReplicaStatus} instead, when scraped. Calls
 * come from several threads at once: the proposer, the learner, the acceptor log's writer.
 */
public interface ReplicaMeters extends DropListener {

  /** The view this replica follows or leads moved on: a new leader. */
  void leaderChangeSeen();

  /** As leader, a slot it proposed was decided {@code nanos} after its first Accept left. */
  void committed(long nanos);

  /** The learner executed a slot: {@code command} as it went into the chat log. */
  void executed(Command command);

  /** An fsync of {@code file} ("acceptor log", "chat log") took {@code nanos}. */
  void fsynced(String file, long nanos);

  /** Nothing measured: the shells skip the bookkeeping that feeds it. */
  ReplicaMeters NONE = new ReplicaMeters() {
    @Override
    public void leaderChangeSeen() {}

    @Override
    public void committed(long nanos) {}

    @Override
    public void executed(Command command) {}

    @Override
    public void fsynced(String file, long nanos) {}

    @Override
    public void dropped(String cause) {}
  };
}
