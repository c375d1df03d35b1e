package io.paxoschat.actor;

import io.paxoschat.paxos.Command.ChatLine;

/** Told, on the client actor's thread, of each committed chat line: slots in order, each once. */
@FunctionalInterface
public interface ChatListener {

  void chat(long slot, ChatLine line);
}
