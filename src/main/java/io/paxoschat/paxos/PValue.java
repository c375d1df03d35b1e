package io.paxoschat.paxos;

/** A value an acceptor accepted for a slot, and the ballot it accepted it in. */
public record PValue(long slot, Ballot ballot, Command command) {}
