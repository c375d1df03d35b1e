package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ProposerMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on loopback in this JVM. One quarantines the other's live incarnation, as Artery does
 * when the failure of an old connection to an address is noticed only after a restarted process
 * there shook hands: from then on Artery drops everything between the two until the quarantined
 * side is a new actor system. The node must come back as one, on the same port, by itself.
 */
class IncarnationsTest {

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
      assertTrue(PeerProbe.reaches(peer, 1, received, 1), "the peer reaches the node's role");

      PeerProbe.quarantine(peer, node.current(), config.replica(1).port());

      assertTrue(PeerProbe.reaches(peer, 1, received, 1_000), "the peer reaches the node again, through a new incarnation");
      assertEquals(2, node.incarnations());
    } finally {
      node.stop(Duration.ofSeconds(10));
      peer.stop(Duration.ofSeconds(10));
      if (running != null) {
        assertNotNull(running.get(20, TimeUnit.SECONDS));
      }
    }
  }
}
