package io.paxoschat.paxos;

/**
 * What an acceptor must never forget, one change at a time. The acceptor's state is exactly the
 * fold of its records in order ({@link Acceptor#recover}), so a shell that makes every record
 * durable before it lets the reply go out can always rebuild the acceptor that answered.
 */
public sealed interface AcceptorRecord {

  /** The acceptor promised {@code ballot}: it accepts nothing lower from now on. */
  record Promised(Ballot ballot) implements AcceptorRecord {}

  /** The acceptor accepted {@code value}; this also promises {@code value.ballot()}. */
  record AcceptedValue(PValue value) implements AcceptorRecord {}

  /**
   * Every slot below {@code slot} is executed by every replica the leader hears from; the
   * acceptor dropped what it accepted there and says so to any new leader.
   */
  record PrunedBelow(long slot) implements AcceptorRecord {}

  /**
   * The acceptor lost its disk and came back empty: it must not vote (no promise, no
   * acceptance) until it has seen a Paxos instance that started after its return complete
   * (Paxos Made Live, section 5.1). {@code pipelineWindow} (how many slots a leader may have in
   * flight) is kept in the file for its format; the leader's heartbeat now says which slots
   * started later.
   */
  record Rejoining(int pipelineWindow) implements AcceptorRecord {}

  /**
   * While rejoining: every slot from {@code slot} on was started after the return (learned from
   * a heartbeat of the leader of {@code ballot}; -1 while that leader was only seen in an Accept);
   * once {@code slot} is decided, the acceptor votes again.
   */
  record RejoinWaitsFor(long slot, Ballot ballot) implements AcceptorRecord {}

  /** The instance it waited for completed: the acceptor votes again. */
  record Rejoined() implements AcceptorRecord {}
}
