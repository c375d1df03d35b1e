package io.paxoschat.fault;

/**
 * Decides whether the network loses a message on its way to one node. Pure, so the actor
 * interceptor and the deterministic simulator share the same fault definitions.
 */
@FunctionalInterface
public interface MessageFilter {

  boolean drops(Object message);

  /** Why this filter drops what it drops, for the event record. */
  default String cause() {
    return LossFilter.CAUSE;
  }

  /**
   * Decides once for {@code message}: the cause of dropping it, or null to let it through. (A
   * random filter decides differently each time it is asked, so ask once.)
   */
  default String dropCause(Object message) {
    return drops(message) ? cause() : null;
  }

  MessageFilter NONE = message -> false;

  default MessageFilter or(MessageFilter other) {
    return new Either(this, other);
  }

  /** Drops what either filter drops, and says which one did. */
  record Either(MessageFilter first, MessageFilter second) implements MessageFilter {
    @Override
    public boolean drops(Object message) {
      return dropCause(message) != null;
    }

    @Override
    public String dropCause(Object message) {
      String cause = first.dropCause(message);
      return cause != null ? cause : second.dropCause(message);
    }
  }
}
