package io.paxoschat.actor;

import java.util.HashMap;
import java.util.Map;

/**
 * When each slot a leader proposed went out (its first Accept), so that its decision can be
 * timed. Holds at most the slots of one leadership in flight: cleared when leadership ends.
 */
final class CommitClock {

  private final Map<Long, Long> proposedAtNanos = new HashMap<>();

  /** A retransmitted Accept keeps the time of the first. */
  void proposed(long slot, long nanos) {
    proposedAtNanos.putIfAbsent(slot, nanos);
  }

  /** How long ago {@code slot} was proposed; -1 if this leader did not propose it (or it was already timed). */
  long decided(long slot, long nanos) {
    Long at = proposedAtNanos.remove(slot);
    return at == null ? -1 : nanos - at;
  }

  void clear() {
    proposedAtNanos.clear();
  }
}
