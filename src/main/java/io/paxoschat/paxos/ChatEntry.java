package io.paxoschat.paxos;

/** One executed chat line and the slot it executed in: what a reader of the chat sees. */
public record ChatEntry(long slot, Command.ChatLine line) {}
