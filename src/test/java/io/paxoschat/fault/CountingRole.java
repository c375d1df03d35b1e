package io.paxoschat.fault;

import io.paxoschat.paxos.AcceptorMessage;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A role in the style of the replica's roles, an {@code AbstractBehavior} that returns itself,
 * counting what reaches it: for tests of the interceptors wrapped around roles.
 */
public final class CountingRole extends AbstractBehavior<AcceptorMessage> {

  private int received;

  public CountingRole(ActorContext<AcceptorMessage> context) {
    super(context);
  }

  public int received() {
    return received;
  }

  @Override
  public Receive<AcceptorMessage> createReceive() {
    return newReceiveBuilder().onAnyMessage(message -> {
      received++;
      return this;
    }).build();
  }
}
