package io.paxoschat.paxos;

/** The acceptor's protocol: phase 1a and phase 2a, and compaction. */
public sealed interface AcceptorMessage extends Message {

  /** Phase 1a: promise {@code ballot} and report what you accepted from {@code fromSlot} on. */
  record Prepare(Ballot ballot, long fromSlot) implements AcceptorMessage, WireMessage {}

  /** Phase 2a: accept {@code command} for {@code slot} in {@code ballot}. */
  record Accept(Ballot ballot, long slot, Command command) implements AcceptorMessage, WireMessage {}

  /**
   * Local: every replica the leader hears from has executed every slot below {@code belowSlot};
   * what was accepted there will never be asked for again.
   */
  record Prune(long belowSlot) implements AcceptorMessage {}

  /**
   * Local: the leader of {@code ballot} says (in its heartbeat) that every slot below {@code
   * commitIndex} is decided and that it has proposed in no slot from {@code nextSlot} on yet;
   * this replica's chat log holds every slot below {@code durableUpTo} durably. Only a rejoining
   * acceptor listens: it tells which instances started after its return, and whether this
   * replica knows the values of those that started before.
   */
  record LeaderProgress(Ballot ballot, long nextSlot, long commitIndex, long durableUpTo) implements AcceptorMessage {}

  /**
   * The proposer of rejoining replica {@code requesterId} asks how far this acceptor's slots go:
   * a voting acceptor answers with a {@link ProposerMessage.FloorAnswer} that repeats
   * {@code nonce}, a rejoining one not at all.
   */
  record FloorQuery(int requesterId, long nonce) implements AcceptorMessage, WireMessage {}

  /**
   * Local, to a rejoining acceptor from its proposer: a majority of the other acceptors hold no
   * slot at or above {@code slot}, accepted or pruned. Every slot decided with this acceptor's
   * vote before it lost its records is below it (see {@link Acceptor}).
   */
  record RejoinFloor(long slot) implements AcceptorMessage {}
}
