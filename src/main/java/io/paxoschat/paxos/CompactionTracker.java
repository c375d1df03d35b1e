package io.paxoschat.paxos;

import java.util.Arrays;

/**
 * The leader's view of how far every replica executed, for compaction: the lowest executed
 * slot among itself and every replica heard from within an election timeout, if they are a
 * majority. A majority guarantees that a live replica still holds every pruned slot in its chat
 * log, for whoever lags. A silent replica does not hold compaction back; when it returns it
 * catches up from its peers' chat logs.
 */
final class CompactionTracker {

  private final int id;
  private final int majority;
  private final long[] executedBy;
  private final long[] heardAt;
  private long compactBelow;
  private long pruneSentToAcceptor;

  CompactionTracker(int id, int replicaCount) {
    this.id = id;
    this.majority = replicaCount / 2 + 1;
    this.executedBy = new long[replicaCount];
    this.heardAt = new long[replicaCount];
    Arrays.fill(heardAt, -1);
  }

  /**
   * The latest report, not the highest: a replica that restarted may have executed less than
   * it once said (its last lines were lost with the crash). compactBelow never goes back anyway.
   */
  void onProgress(int replica, long executedUpTo, long now) {
    if (replica >= 0 && replica < executedBy.length) {
      executedBy[replica] = executedUpTo;
      heardAt[replica] = now;
    }
  }

  /** Recomputes the compaction point from recent reports; {@code ownExecuted} is our learner's. */
  void advance(long ownExecuted, long now, long recentTicks, Effects out) {
    long lowest = ownExecuted;
    int counted = 1;
    for (int replica = 0; replica < executedBy.length; replica++) {
      if (replica != id && heardAt[replica] >= 0 && now - heardAt[replica] <= recentTicks) {
        lowest = Math.min(lowest, executedBy[replica]);
        counted++;
      }
    }
    if (counted >= majority) {
      learn(lowest, out);
    }
  }

  /** A compaction point from the leader, or our own: our acceptor prunes below it. */
  void learn(long slot, Effects out) {
    compactBelow = Math.max(compactBelow, slot);
    if (compactBelow > pruneSentToAcceptor) {
      pruneSentToAcceptor = compactBelow;
      out.send(Address.acceptor(id), new AcceptorMessage.Prune(compactBelow));
    }
  }

  long compactBelow() {
    return compactBelow;
  }
}
