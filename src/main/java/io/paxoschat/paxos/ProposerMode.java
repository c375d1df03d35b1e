package io.paxoschat.paxos;

import io.paxoschat.paxos.Command.RequestId;
import io.paxoschat.paxos.ProposerMessage.Propose;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * What a proposer is doing, with the state only that mode needs: following a leader, preparing
 * a view of its own (phase 1), or leading one (phase 2). A mode change replaces it whole, so no
 * state of an old mode survives into the next by accident.
 */
sealed interface ProposerMode {

  Proposer.Mode kind();

  /** Following the leader of the current view: client requests are handed on to it. */
  final class Following implements ProposerMode {
    /**
     * Client requests that reached us in this view. When a new leader takes over they go to it
     * at once, rather than waiting for each client's next retry.
     */
    final List<Seen> seen = new ArrayList<>();
    int seenLines;

    /** A request, and when it arrived: only recent ones are worth handing to a new leader. */
    record Seen(Propose propose, long at) {}
    /**
     * When we last handed each line to the leader, oldest first. A line that comes back within
     * a retransmit interval is not handed on again: two followers that each think the other
     * leads would otherwise pass it between them for ever (a client retries far slower).
     */
    final LinkedHashMap<RequestId, Long> handedOnAt = new LinkedHashMap<>();
    /** Client-retry suspicion: a request came to us while execution stood still. */
    long retryWatchSince = -1;
    long retryWatchExecutedUpTo;

    @Override
    public Proposer.Mode kind() {
      return Proposer.Mode.FOLLOWER;
    }
  }

  /** Running phase 1 for a view we would lead; requests wait for its outcome. */
  record Preparing(Phase1 phase1, List<Propose> waiting) implements ProposerMode {
    @Override
    public Proposer.Mode kind() {
      return Proposer.Mode.PREPARING;
    }
  }

  /** Leading a view: phase 2 for many slots at once. */
  record Leading(Phase2Window window) implements ProposerMode {
    @Override
    public Proposer.Mode kind() {
      return Proposer.Mode.LEADING;
    }
  }
}
