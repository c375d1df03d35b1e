package io.paxoschat.paxos;

import java.util.List;

/** The proposer's (leader's) protocol: replies from acceptors, view changes, requests, time. */
public sealed interface ProposerMessage extends Message {

  /**
   * Phase 1b: {@code acceptorId} promised {@code ballot}; {@code accepted} are the values it
   * accepted in slots {@code fromSlot} up to (not including) {@code nextFrom}, or in every slot
   * from {@code fromSlot} on when {@code nextFrom} is {@link #COMPLETE}. A promise that would not
   * fit one message comes in chunks: the leader asks for the next one with a Prepare from
   * {@code nextFrom}. The acceptor pruned every slot below {@code prunedBelow}: those are decided
   * and executed, and a new leader must not propose there (it would fill them with no-ops).
   */
  record Promise(Ballot ballot, int acceptorId, long fromSlot, List<PValue> accepted, long nextFrom, long prunedBelow)
      implements ProposerMessage, WireMessage {

    public static final long COMPLETE = -1;

    /** A whole promise, from slot 0, of an acceptor that never pruned. */
    public Promise(Ballot ballot, int acceptorId, List<PValue> accepted) {
      this(ballot, acceptorId, 0, accepted, COMPLETE, 0);
    }

    public boolean isComplete() {
      return nextFrom == COMPLETE;
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
   * The leader of {@code ballot} is alive; every slot below {@code commitIndex} is decided,
   * every replica it hears from executed every slot below {@code compactBelow}, and it has
   * proposed in no slot from {@code nextSlot} on yet (what a rejoining acceptor waits on).
   */
  record Heartbeat(Ballot ballot, long commitIndex, long compactBelow, long nextSlot)
      implements ProposerMessage, WireMessage {

    /** A leader with nothing in flight: its next slot is its commit index. */
    public Heartbeat(Ballot ballot, long commitIndex) {
      this(ballot, commitIndex, 0, commitIndex);
    }
  }

  /**
   * A follower's answer to a heartbeat: replica {@code replicaId} executed every slot below
   * {@code durableUpTo} and its chat log holds them durably, so peers may prune them.
   */
  record FollowerProgress(int replicaId, long durableUpTo) implements ProposerMessage, WireMessage {}

  /** {@code voterId} gave up on the leader before {@code view} and wants view {@code view}. */
  record ViewChangeVote(long view, int voterId) implements ProposerMessage, WireMessage {}

  /**
   * The answer of a follower that does not join a vote because it hears its leader: replica
   * {@code witnessId} heard the leader of {@code ballot} within an election timeout, which had
   * every slot below {@code commitIndex} decided and announced {@code compactBelow}. A voter whose
   * own link from that leader is broken learns from it that the leader lives and how far the log
   * goes, and fetches the slots from its peers. It carries no next slot: a stale one could lower
   * a rejoining acceptor's bar (see {@link Heartbeat#nextSlot()}).
   */
  record LeaderAlive(Ballot ballot, long commitIndex, long compactBelow, int witnessId)
      implements ProposerMessage, WireMessage {}

  /**
   * Client requests to order, from the local learner: {@code lines} of client {@code clientId}
   * in seq order, none of them executed there yet; the learner had executed the client's lines
   * up to {@code executedSeq}.
   */
  record Propose(int clientId, List<Command.ChatLine> lines, long executedSeq) implements ProposerMessage {

    public static Propose of(Command.ChatLine... lines) {
      return new Propose(lines[0].clientId(), List.of(lines), lines[0].seq() - 1);
    }
  }

  /**
   * Local, from the learner: a client asks to open or close its session ({@code change});
   * {@code handedOn} as in {@link LearnerMessage.SessionRequest}.
   */
  record ProposeSessionChange(Command.SessionChange change, boolean handedOn) implements ProposerMessage {}

  /**
   * Local: the learner skipped a line of client {@code clientId} in slot {@code slot}, decided
   * ahead of its predecessor; it had executed that client's lines up to {@code executedSeq}. The
   * leader proposes the client's lines again from there, if the slot is one of its own view's.
   */
  record LinesOutOfOrder(int clientId, long executedSeq, long slot) implements ProposerMessage {}

  /**
   * Local: the learner executed every slot below {@code executedUpTo}, and its chat log holds
   * every slot below {@code durableUpTo} durably (the fsync lags execution: see {@link
   * ProtocolSettings#chatLogSyncTicks()}). Only compaction needs the second.
   */
  record LearnerProgress(long executedUpTo, long durableUpTo) implements ProposerMessage {

    /** Executed and durable alike. */
    public LearnerProgress(long executedAndDurableUpTo) {
      this(executedAndDurableUpTo, executedAndDurableUpTo);
    }

    public LearnerProgress {
      if (durableUpTo > executedUpTo) {
        throw new IllegalArgumentException("durable " + durableUpTo + " beyond executed " + executedUpTo);
      }
    }
  }

  /** Local: the learner is stuck on a slot that nobody fills; the leader of {@code view} may be faulty. */
  record SuspectLeader(long view) implements ProposerMessage {}

  /** Local: one unit of time passed. */
  enum Tick implements ProposerMessage { INSTANCE }

  /** Local, from a rejoining acceptor: it needs a {@link AcceptorMessage.RejoinFloor}; ask the others. */
  enum FloorNeeded implements ProposerMessage { INSTANCE }

  /**
   * Acceptor {@code acceptorId} holds no slot above {@code highestSlot}, accepted or pruned (-1:
   * none at all). The answer to the {@link AcceptorMessage.FloorQuery} with {@code nonce}.
   */
  record FloorAnswer(int acceptorId, long highestSlot, long nonce) implements ProposerMessage, WireMessage {}
}
