package io.paxoschat.paxos;

/** What a role asks its shell to do after handling one event. */
public sealed interface Effect {

  /** Deliver {@code message} to {@code to}; the network may lose it. */
  record Send(Address to, Message message) implements Effect {}

  /**
   * Append slot {@code slot} to the chat log. {@code command} is what executes: the chat line,
   * or a no-op (also for a decided line that dedup or client order turned into nothing).
   */
  record Execute(long slot, Command command) implements Effect {}
}
