package io.paxoschat.actor;

import io.paxoschat.paxos.Client;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.Effect;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/** Shell of a chat client: sends its lines through the core and publishes its progress. */
public final class ClientActor extends AbstractBehavior<ClientMessage> {

  private final Client client;
  private final Directory directory;
  private final ClientStatus status;

  public static Behavior<ClientMessage> create(
      Client client, Directory directory, Duration tick, ClientStatus status) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerAtFixedRate(ClientMessage.Tick.INSTANCE, tick);
      return new ClientActor(ctx, client, directory, status);
    }));
  }

  private ClientActor(ActorContext<ClientMessage> ctx, Client client, Directory directory, ClientStatus status) {
    super(ctx);
    this.client = client;
    this.directory = directory;
    this.status = status;
    carryOut(client.start());
  }

  @Override
  public Receive<ClientMessage> createReceive() {
    return newReceiveBuilder().onMessage(ClientMessage.class, this::onMessage).build();
  }

  private Behavior<ClientMessage> onMessage(ClientMessage message) {
    carryOut(client.handle(message));
    return this;
  }

  private void carryOut(List<Effect> effects) {
    directory.sendAll(effects);
    status.update(client.acknowledged(), client.retries());
  }
}
