package io.paxoschat.actor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one replica's actors publish about themselves for the operator's summary and for the
 * run's end condition. Written by the replica's actors, read by the command line; plain
 * volatile fields, because a reader only needs a recent value, never a consistent snapshot.
 */
public final class ReplicaStatus {

  private final int id;
  private volatile long view;
  private volatile boolean leading;
  private volatile int pendingProposals;
  private volatile long commitIndex;
  private volatile long executedUpTo;
  private volatile long crashedAtNanos = -1;
  private final Map<Long, Long> firstDecisionNanosByView = new ConcurrentHashMap<>();

  public ReplicaStatus(int id) {
    this.id = id;
  }

  void updateProposer(long view, boolean leading, int pendingProposals, long commitIndex) {
    this.view = view;
    this.leading = leading;
    this.pendingProposals = pendingProposals;
    this.commitIndex = commitIndex;
  }

  void recordDecision(long inView, long nanos) {
    firstDecisionNanosByView.putIfAbsent(inView, nanos);
  }

  void updateLearner(long executedUpTo) {
    this.executedUpTo = executedUpTo;
  }

  void markCrashed(long nanos) {
    crashedAtNanos = nanos;
  }

  public int id() {
    return id;
  }

  public long view() {
    return view;
  }

  public boolean leading() {
    return leading;
  }

  public int pendingProposals() {
    return pendingProposals;
  }

  public long commitIndex() {
    return commitIndex;
  }

  public long executedUpTo() {
    return executedUpTo;
  }

  public boolean crashed() {
    return crashedAtNanos >= 0;
  }

  public long crashedAtNanos() {
    return crashedAtNanos;
  }

  /** When this replica, as leader of {@code view}, decided its first slot; -1 if it never did. */
  public long firstDecisionNanos(long view) {
    return firstDecisionNanosByView.getOrDefault(view, -1L);
  }

  public Map<Long, Long> firstDecisionNanosByView() {
    return Map.copyOf(firstDecisionNanosByView);
  }
}
