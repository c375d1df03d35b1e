package io.paxoschat.fault;

import io.paxoschat.paxos.AcceptorMessage.Accept;

/**
 * The skip-slot fault: the primary of view 0 never gets {@code slot} accepted. Wrapped around
 * acceptors, it loses every view-0 Accept for that slot, so no value is ever chosen there in
 * view 0 while later slots go on; the next primary finds the hole and fills it with a no-op.
 */
public record SkipSlotFilter(long slot) implements MessageFilter {

  static final String CAUSE = "skip";

  @Override
  public String cause() {
    return CAUSE;
  }

  @Override
  public boolean drops(Object message) {
    return message instanceof Accept accept && accept.slot() == slot && accept.ballot().round() == 0;
  }
}
