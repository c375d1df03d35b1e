package io.paxoschat.fault;

/**
 * Decides whether the network loses a message on its way to one node. Pure, so the actor
 * interceptor and the deterministic simulator share the same fault definitions.
 */
@FunctionalInterface
public interface MessageFilter {

  boolean drops(Object message);

  MessageFilter NONE = message -> false;

  default MessageFilter or(MessageFilter other) {
    return message -> drops(message) || other.drops(message);
  }
}
