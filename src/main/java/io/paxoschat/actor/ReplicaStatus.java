package io.paxoschat.actor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one replica's actors publish about themselves for the operator's summary and for the
 * run's end condition. Written by the replica's actors, read by the command line; plain
 * volatile fields, because a reader only needs a recent value, never a consistent snapshot.
 */
public final class ReplicaStatus {

  private final int id;
  private volatile long view;
  private volatile boolean leading;
  private volatile boolean hasLeader;
  private volatile int pendingProposals;
  private volatile long commitIndex;
  private volatile long executedUpTo;
  private volatile long crashedAtNanos = -1;
  private volatile boolean down;
  private volatile boolean crashedByFailFlag;
  private volatile String storageFailure;
  private volatile long restartedAtNanos = -1;
  private volatile int restarts;
  private final LongAdder compactions = new LongAdder();
  private final LongAdder slotsServedFromLog = new LongAdder();
  private final Map<Long, Long> firstDecisionNanosByView = new ConcurrentHashMap<>();

  public ReplicaStatus(int id) {
    this.id = id;
  }

  void updateProposer(long view, boolean leading, boolean hasLeader, int pendingProposals, long commitIndex) {
    this.view = view;
    this.leading = leading;
    this.hasLeader = hasLeader;
    this.pendingProposals = pendingProposals;
    this.commitIndex = commitIndex;
  }

  void recordDecision(long inView, long nanos) {
    firstDecisionNanosByView.putIfAbsent(inView, nanos);
  }

  void updateLearner(long executedUpTo) {
    this.executedUpTo = executedUpTo;
  }

  /** The replica is down: its actors stop, and whatever they had not made durable is lost. */
  public void markCrashed(long nanos) {
    crashedAtNanos = nanos;
    down = true;
  }

  /** Down because {@code --fail} told it to crash as primary. */
  void markCrashedByFailFlag(long nanos) {
    crashedByFailFlag = true;
    markCrashed(nanos);
  }

  /**
   * Down because a file it must write could not be written or synced; {@code what} is one line
   * naming the file and the error. The first failure is the one reported.
   */
  void markStorageFailure(long nanos, String what) {
    if (storageFailure == null) {
      storageFailure = what;
    }
    markCrashed(nanos);
  }

  /** A new incarnation of the replica started from its data directory, with {@code executedUpTo} slots in its log. */
  public void markRestarted(long nanos, long executedUpTo) {
    this.executedUpTo = executedUpTo;
    this.leading = false;
    this.hasLeader = false;
    this.pendingProposals = 0;
    restartedAtNanos = nanos;
    restarts++;
    down = false;
    crashedByFailFlag = false;
    storageFailure = null;
  }

  void recordCompaction() {
    compactions.increment();
  }

  void recordServedFromLog(int slots) {
    slotsServedFromLog.add(slots);
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

  /** It leads, or follows a leader it does not doubt (it votes for no new view). */
  public boolean hasLeader() {
    return hasLeader;
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

  /** Down now: crashed, and not restarted since. */
  public boolean crashed() {
    return down;
  }

  /** Whether its last crash was the {@code --fail} fault. */
  public boolean crashedByFailFlag() {
    return crashedByFailFlag;
  }

  /** Null, or the storage failure that took it down (one line naming the file and the error). */
  public String storageFailure() {
    return storageFailure;
  }

  /** When it last crashed; -1 if it never did. */
  public long crashedAtNanos() {
    return crashedAtNanos;
  }

  /** When it last restarted; -1 if it never did. */
  public long restartedAtNanos() {
    return restartedAtNanos;
  }

  public int restarts() {
    return restarts;
  }

  /** How many times its acceptor log was rewritten to its live records. */
  public long compactions() {
    return compactions.sum();
  }

  /** Slots it sent to lagging peers from its chat log file, having pruned them from memory. */
  public long slotsServedFromLog() {
    return slotsServedFromLog.sum();
  }

  /** When this replica, as leader of {@code view}, decided its first slot; -1 if it never did. */
  public long firstDecisionNanos(long view) {
    return firstDecisionNanosByView.getOrDefault(view, -1L);
  }

  public Map<Long, Long> firstDecisionNanosByView() {
    return Map.copyOf(firstDecisionNanosByView);
  }
}
