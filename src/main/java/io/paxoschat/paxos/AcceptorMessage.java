package io.paxoschat.paxos;

/** The acceptor's protocol: phase 1a and phase 2a. */
public sealed interface AcceptorMessage extends Message, WireMessage {

  /** Phase 1a: promise {@code ballot} and report what you accepted from {@code fromSlot} on. */
  record Prepare(Ballot ballot, long fromSlot) implements AcceptorMessage {}

  /** Phase 2a: accept {@code command} for {@code slot} in {@code ballot}. */
  record Accept(Ballot ballot, long slot, Command command) implements AcceptorMessage {}
}
