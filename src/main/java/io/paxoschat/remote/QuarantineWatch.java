package io.paxoschat.remote;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the actor system's event stream for the news that a peer quarantined this system,
 * which Artery publishes when the peer tells it so (for instance when the peer's old connection
 * to this address failed only after it had already shaken hands with this new incarnation).
 */
final class QuarantineWatch extends AbstractActor {

  private static final Logger log = LoggerFactory.getLogger(QuarantineWatch.class);

  private final CompletableFuture<String> quarantined;

  private QuarantineWatch(CompletableFuture<String> quarantined) {
    this.quarantined = quarantined;
  }

  @SuppressWarnings("deprecation") // Artery still publishes it; its replacement is for Pekko Cluster
  static void start(org.apache.pekko.actor.typed.javadsl.ActorContext<?> ctx, CompletableFuture<String> quarantined) {
    ActorRef watch = Adapter.actorOf(ctx,
        Props.create(QuarantineWatch.class, () -> new QuarantineWatch(quarantined)), "quarantine-watch");
    Adapter.toClassic(ctx.getSystem()).getEventStream()
        .subscribe(watch, org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent.class);
  }

  @Override
  @SuppressWarnings("deprecation")
  public Receive createReceive() {
    return receiveBuilder()
        .match(org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent.class, event -> {
          log.warn("{} quarantined this node's incarnation: nothing passes between them until it starts anew",
              event.remoteAddress().address());
          quarantined.complete(event.remoteAddress().address().toString());
        })
        .build();
  }
}
