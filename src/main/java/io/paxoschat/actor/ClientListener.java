package io.paxoschat.actor;

import io.paxoschat.paxos.Command.ChatLine;

/**
 * What a client process wants to hear from its client actor, on the actor's thread: keep it
 * short. Every method has a do-nothing default.
 */
public interface ClientListener {

  /** {@code line} went out, for the first time or again. */
  default void requestSent(ChatLine line) {}

  /** Every line of this client up to {@code seq} is acknowledged. */
  default void acknowledgedUpTo(long seq) {}

  /** The committed chat grew by {@code line} at {@code slot}; slots come in order, each once. */
  default void chat(long slot, ChatLine line) {}

  ClientListener NONE = new ClientListener() {};
}
