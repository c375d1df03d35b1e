package io.paxoschat.paxos;

import java.util.List;

/** The proposer's (leader's) protocol: replies from acceptors, view changes, requests, time. */
public sealed interface ProposerMessage extends Message {

  /**
   * Phase 1b: {@code acceptorId} promised {@code ballot}; these are its accepted values. It
   * pruned every slot below {@code prunedBelow}: those are decided and executed, and a new leader
   * must not propose there (it would fill them with no-ops).
   */
  record Promise(Ballot ballot, int acceptorId, List<PValue> accepted, long prunedBelow)
      implements ProposerMessage, WireMessage {

    /** A promise from an acceptor that never pruned. */
    public Promise(Ballot ballot, int acceptorId, List<PValue> accepted) {
      this(ballot, acceptorId, accepted, 0);
    }
  }

  /** Phase 2b: {@code acceptorId} accepted slot {@code slot} in {@code ballot}. */
  record Accepted(Ballot ballot, int acceptorId, long slot) implements ProposerMessage, WireMessage {}

  /**
   * An acceptor refused a ballot because it promised the higher {@code promised}; or a proposer
   * (then {@code acceptorId} is its replica id) answered a leader's heartbeat because it already
   * follows the later view of {@code promised}.
   */
  record Rejected(Ballot promised, int acceptorId) implements ProposerMessage, WireMessage {}

  /**
   * The leader of {@code ballot} is alive; every slot below {@code commitIndex} is decided, and
   * every replica it hears from executed every slot below {@code compactBelow}.
   */
  record Heartbeat(Ballot ballot, long commitIndex, long compactBelow) implements ProposerMessage, WireMessage {

    public Heartbeat(Ballot ballot, long commitIndex) {
      this(ballot, commitIndex, 0);
    }
  }

  /** A follower's answer to a heartbeat: replica {@code replicaId} executed every slot below {@code executedUpTo}. */
  record FollowerProgress(int replicaId, long executedUpTo) implements ProposerMessage, WireMessage {}

  /** {@code voterId} gave up on the leader before {@code view} and wants view {@code view}. */
  record ViewChangeVote(long view, int voterId) implements ProposerMessage, WireMessage {}

  /** A client request to order, from the local learner or forwarded by another replica. */
  record Propose(Command.ChatLine line) implements ProposerMessage, WireMessage {}

  /** Local: the learner executed every slot below {@code executedUpTo}. */
  record LearnerProgress(long executedUpTo) implements ProposerMessage {}

  /** Local: the learner is stuck on a slot that nobody fills; the leader of {@code view} may be faulty. */
  record SuspectLeader(long view) implements ProposerMessage {}

  /** Local: one unit of time passed. */
  enum Tick implements ProposerMessage { INSTANCE }
}
