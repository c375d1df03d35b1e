package io.paxoschat.actor;

import io.paxoschat.paxos.Acceptor;
import io.paxoschat.paxos.AcceptorMessage;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/** Shell of the acceptor role: feeds prepares and accepts to the core, sends its answers. */
public final class AcceptorActor extends AbstractBehavior<AcceptorMessage> {

  private final Acceptor acceptor;
  private final Directory directory;

  public static Behavior<AcceptorMessage> create(int replicaId, Directory directory) {
    return Behaviors.setup(ctx -> new AcceptorActor(ctx, new Acceptor(replicaId), directory));
  }

  private AcceptorActor(ActorContext<AcceptorMessage> ctx, Acceptor acceptor, Directory directory) {
    super(ctx);
    this.acceptor = acceptor;
    this.directory = directory;
  }

  @Override
  public Receive<AcceptorMessage> createReceive() {
    return newReceiveBuilder().onMessage(AcceptorMessage.class, this::onMessage).build();
  }

  private Behavior<AcceptorMessage> onMessage(AcceptorMessage message) {
    directory.sendAll(acceptor.handle(message));
    return this;
  }
}
