package io.paxoschat.actor;

import io.paxoschat.paxos.Client;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
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
  /** When each line (by seq) was first sent, to time its commit. */
  private final long[] firstSentNanos;
  private long acknowledged;

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
    this.firstSentNanos = new long[client.total() + 1];
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
    long now = System.nanoTime();
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send && send.message() instanceof ClientRequest request) {
        int seq = (int) request.line().seq();
        if (firstSentNanos[seq] == 0) {
          firstSentNanos[seq] = now;
        }
      }
    }
    directory.sendAll(effects);
    for (long seq = acknowledged + 1; seq <= client.acknowledged(); seq++) {
      status.recordCommitLatency(now - firstSentNanos[(int) seq]);
    }
    acknowledged = client.acknowledged();
    status.update(acknowledged, client.retries());
  }
}
