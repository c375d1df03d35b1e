package io.paxoschat.remote;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.AbstractActorWithTimers;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the actor system's event stream for quarantines, the one way Artery loses a peer for
 * good. When a peer quarantined this system (for instance because it noticed the failure of its
 * old connection to this address only after it had shaken hands with this new incarnation), the
 * node must start anew: {@link RemoteNode#quarantinedByPeer()}. When this system quarantined a
 * peer (a killed one, as a rule), it greets that peer by an actor selection, which passes a
 * quarantine, so that the peer's next incarnation is reached even if it never writes first.
 */
final class QuarantineWatch extends AbstractActorWithTimers {

  private static final Logger log = LoggerFactory.getLogger(QuarantineWatch.class);
  private static final Duration PIERCE_EVERY = Duration.ofMillis(500);

  private enum Pierce { TICK }

  private final CompletableFuture<String> quarantinedByPeer;
  private final RemoteDirectory directory;

  private QuarantineWatch(CompletableFuture<String> quarantinedByPeer, RemoteDirectory directory) {
    this.quarantinedByPeer = quarantinedByPeer;
    this.directory = directory;
  }

  @SuppressWarnings("deprecation") // Artery still publishes it; its replacement is for Pekko Cluster
  static void start(org.apache.pekko.actor.typed.javadsl.ActorContext<?> ctx, CompletableFuture<String> quarantinedByPeer,
      RemoteDirectory directory) {
    ActorRef watch = Adapter.actorOf(ctx,
        Props.create(QuarantineWatch.class, () -> new QuarantineWatch(quarantinedByPeer, directory)),
        "quarantine-watch");
    var events = Adapter.toClassic(ctx.getSystem()).getEventStream();
    events.subscribe(watch, org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent.class);
    events.subscribe(watch, org.apache.pekko.remote.artery.QuarantinedEvent.class);
  }

  @Override
  @SuppressWarnings("deprecation")
  public Receive createReceive() {
    return receiveBuilder()
        .match(org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent.class, event -> {
          log.warn("{} quarantined this node's incarnation: nothing passes between them until it starts anew",
              event.remoteAddress().address());
          quarantinedByPeer.complete(event.remoteAddress().address().toString());
        })
        .match(org.apache.pekko.remote.artery.QuarantinedEvent.class, event -> {
          directory.peerQuarantined(event.uniqueAddress().address());
          if (!getTimers().isTimerActive(Pierce.TICK)) {
            getTimers().startTimerWithFixedDelay(Pierce.TICK, Pierce.TICK, PIERCE_EVERY);
          }
        })
        .matchEquals(Pierce.TICK, tick -> pierce())
        .build();
  }

  private void pierce() {
    var peers = directory.quarantinedPeers();
    if (peers.isEmpty() || directory.ownIngress() == null) {
      getTimers().cancel(Pierce.TICK);
      return;
    }
    for (NodeId peer : peers) {
      getContext().actorSelection(directory.ingressPathOf(peer))
          .tell(new NodeHello(true, directory.rolesRunning()), directory.ownIngress());
    }
  }
}
