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
}
