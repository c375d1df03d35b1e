package io.paxoschat.paxos;

import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.ProposerMessage.Promise;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Phase 1 of one ballot: prepares to every acceptor, promises gathered until a majority
 * promised, and the highest-ballot value any of them accepted per slot. A promise may come in
 * chunks; an acceptor counts once its last chunk arrived and every earlier one did.
 */
final class Phase1 {

  private final Ballot ballot;
  private final int replicaCount;
  private final int majority;
  /** Where phase 1 starts: the first slot our learner has not executed. */
  private final long fromSlot;
  /** Per acceptor still answering: the slot its next promise chunk must start at. */
  private final Map<Integer, Long> awaitedFrom = new HashMap<>();
  private final Set<Integer> promisedBy = new HashSet<>();
  private final NavigableMap<Long, PValue> recovered = new TreeMap<>();
  /** The highest slot below which some promiser pruned: phase 2 must start at or above it. */
  private long prunedBelow;
  private long lastPrepareSent;
  /** Whether the last promise chunk taken in was news. */
  private boolean movedOn;

  Phase1(Ballot ballot, int replicaCount, long fromSlot) {
    this.ballot = ballot;
    this.replicaCount = replicaCount;
    this.majority = replicaCount / 2 + 1;
    this.fromSlot = fromSlot;
  }

  Ballot ballot() {
    return ballot;
  }

  /** Asks every acceptor that has not promised in full, from where its promise stands. */
  void sendPrepares(long now, Effects out) {
    lastPrepareSent = now;
    for (int acceptor = 0; acceptor < replicaCount; acceptor++) {
      if (!promisedBy.contains(acceptor)) {
        long from = awaitedFrom.getOrDefault(acceptor, fromSlot);
        out.send(Address.acceptor(acceptor), new Prepare(ballot, from));
      }
    }
  }

  long lastPrepareSent() {
    return lastPrepareSent;
  }

  /**
   * Takes one promise chunk in; true once a majority promised in full. {@link #movedOn()} then
   * says whether the chunk was news (not a copy, not a stale one).
   */
  boolean onPromise(Promise promise, Effects out) {
    movedOn = false;
    int acceptor = promise.acceptorId();
    if (!promise.ballot().equals(ballot) || promisedBy.contains(acceptor)) {
      return false; // a duplicate must not count twice towards the majority
    }
    long awaited = awaitedFrom.getOrDefault(acceptor, fromSlot);
    if (promise.fromSlot() > awaited || (!promise.isComplete() && promise.nextFrom() <= awaited)) {
      return false; // a chunk after a lost one, or an old one: the retransmit asks again
    }
    movedOn = true;
    prunedBelow = Math.max(prunedBelow, promise.prunedBelow());
    for (PValue value : promise.accepted()) {
      PValue known = recovered.get(value.slot());
      if (known == null || value.ballot().isAbove(known.ballot())) {
        recovered.put(value.slot(), value);
      }
    }
    if (!promise.isComplete()) {
      awaitedFrom.put(acceptor, promise.nextFrom());
      out.send(Address.acceptor(acceptor), new Prepare(ballot, promise.nextFrom()));
      return false;
    }
    promisedBy.add(acceptor);
    return promisedBy.size() >= majority;
  }

  /** Whether the last chunk {@link #onPromise} took in was news: phase 1 is moving. */
  boolean movedOn() {
    return movedOn;
  }

  /**
   * Where phase 2 starts: where our learner stands, or higher if a promiser pruned above that.
   * A pruned slot is decided, and a no-op there would be proposed where the acceptors no longer
   * remember what was chosen; our learner fetches those slots from its peers.
   */
  long startSlot() {
    return Math.max(fromSlot, prunedBelow);
  }

  /** The values to propose again from {@link #startSlot()} on, by slot; holes are no-ops. */
  NavigableMap<Long, PValue> recovered() {
    return recovered.tailMap(startSlot(), true);
  }
}
