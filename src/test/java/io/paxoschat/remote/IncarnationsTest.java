package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.ProposerMessage.FollowerProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.remote.AddressUidExtension;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on loopback in this JVM. One quarantines the other's live incarnation, as Artery does
 * when the failure of an old connection to an address is noticed only after a restarted process
 * there shook hands: from then on Artery drops everything between the two until the quarantined
 * side is a new actor system. The node must come back as one, on the same port, by itself.
 */
class IncarnationsTest {

  private static final Duration BOUND = Duration.ofSeconds(40);

  @Test
  void aNodeThatAPeerQuarantinedStartsAnewAndIsReachableAgain() throws Exception {
    ClusterConfig config = ClusterConfig.parse(FreePorts.clusterFile(1, ""), Path.of("incarnations-test.conf"));
    BlockingQueue<ProposerMessage> received = new LinkedBlockingQueue<>();
    RemoteNode peer = RemoteNode.start(config, NodeId.replica(0), (ctx, directory, guard) -> {});
    Incarnations node = new Incarnations(incarnation -> RemoteNode.start(config, NodeId.replica(1),
        RemoteNode.Start.WHEN_A_MAJORITY_IS_UP, (ctx, directory, guard) -> {
          Behavior<ProposerMessage> recorder = Behaviors.receiveMessage(message -> {
            received.add(message);
            return Behaviors.same();
          });
          directory.register(Address.proposer(1), ctx.spawn(guard.guard(ProposerMessage.class, recorder), "proposer"));
        }, up -> {}));
    CompletableFuture<Boolean> running = null;
    try {
      node.start();
      running = CompletableFuture.supplyAsync(() -> {
        try {
          return node.runUntilStopped();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      assertTrue(reaches(peer, received, 1), "the peer reaches the node's role");

      long uid = AddressUidExtension.get(Adapter.toClassic(node.current().system())).longAddressUid();
      provider(peer).quarantine(new org.apache.pekko.actor.Address("pekko", RemoteDirectory.SYSTEM_NAME,
          "127.0.0.1", config.replica(1).port()), uidOption(uid), "quarantined by the test");

      assertTrue(reaches(peer, received, 1_000), "the peer reaches the node again, through a new incarnation");
      assertEquals(2, node.incarnations());
    } finally {
      node.stop(Duration.ofSeconds(10));
      peer.stop(Duration.ofSeconds(10));
      if (running != null) {
        assertNotNull(running.get(20, TimeUnit.SECONDS));
      }
    }
  }

  /** Sends numbered progress reports from {@code peer} until one numbered at least {@code from} arrives. */
  private static boolean reaches(RemoteNode peer, BlockingQueue<ProposerMessage> received, long from)
      throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    long n = from;
    while (System.nanoTime() < deadline) {
      peer.send(Address.proposer(1), new FollowerProgress(0, n++));
      ProposerMessage message = received.poll(200, TimeUnit.MILLISECONDS);
      while (message != null) {
        if (message instanceof FollowerProgress progress && progress.executedUpTo() >= from) {
          return true;
        }
        message = received.poll();
      }
    }
    return false;
  }

  private static RemoteActorRefProvider provider(RemoteNode node) {
    return (RemoteActorRefProvider) ((ExtendedActorSystem) Adapter.toClassic(node.system())).provider();
  }

  @SuppressWarnings("unchecked")
  private static scala.Option<Object> uidOption(long uid) {
    return (scala.Option<Object>) (scala.Option<?>) scala.Option.apply(uid);
  }
}
