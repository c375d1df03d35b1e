package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ProposerMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * A client quarantines a replica's incarnation (as Artery does when the replica is killed and the
 * client's connection to it fails); the replica comes back as a new incarnation on the same port
 * and, like a restarted replica, never writes to the client first. Artery drops everything the
 * client sends to a quarantined address without trying to connect, so the client must knock.
 */
class QuarantinedPeerTest {

  @Test
  void aNodeReachesTheNextIncarnationOfAPeerItQuarantined() throws Exception {
    // As when the replica is killed: the client's Artery quarantines its incarnation.
    reachesTheNextIncarnation("", (client, replica, port) -> PeerProbe.quarantine(client, replica, port));
  }

  /**
   * A replica whose actor system stops gracefully (a node that starts anew in its process does
   * that) tells its peers it terminates, and their Artery stops the association to that
   * incarnation quietly: it publishes no quarantine, yet drops what is sent there until an
   * incarnation on that address writes first. The next incarnation, which writes to replicas
   * only, must still be reached by a client.
   */
  @Test
  void aNodeReachesTheNextIncarnationOfAPeerThatStoppedGracefully() throws Exception {
    reachesTheNextIncarnation("", (client, replica, port) -> {});
  }

  @Test
  void withoutTheFrontDoorANodeReachesTheNextIncarnationOfAPeerThatStoppedGracefully() throws Exception {
    reachesTheNextIncarnation("front-door.enabled = off\n", (client, replica, port) -> {});
  }

  /** What befalls the client's view of the replica before the replica stops. */
  @FunctionalInterface
  private interface BeforeStop {
    void apply(RemoteNode client, RemoteNode replica, int replicaPort);
  }

  private static void reachesTheNextIncarnation(String extra, BeforeStop beforeStop) throws Exception {
    ClusterConfig config = ClusterConfig.parse(FreePorts.clusterFile(1, extra), Path.of("quarantined-peer-test.conf"));
    BlockingQueue<ProposerMessage> received = new LinkedBlockingQueue<>();
    RemoteNode client = RemoteNode.start(config, NodeId.client(0), (ctx, directory, guard) -> {});
    RemoteNode replica = startReplica(config, received);
    RemoteNode next = null;
    try {
      assertTrue(PeerProbe.reaches(client, 0, received, 1), "the client reaches the replica");

      beforeStop.apply(client, replica, config.replica(0).port());
      replica.stop(Duration.ofSeconds(10));
      next = startReplica(config, received);

      assertTrue(PeerProbe.reaches(client, 0, received, 1_000), "the client reaches the replica's next incarnation");
    } finally {
      if (next != null) {
        next.stop(Duration.ofSeconds(10));
      }
      replica.stop(Duration.ofSeconds(10));
      client.stop(Duration.ofSeconds(10));
    }
  }

  private static RemoteNode startReplica(ClusterConfig config, BlockingQueue<ProposerMessage> received)
      throws InterruptedException {
    return RemoteNode.start(config, NodeId.replica(0), (ctx, directory, guard) -> {
      Behavior<ProposerMessage> recorder = Behaviors.receiveMessage(message -> {
        received.add(message);
        return Behaviors.same();
      });
      directory.register(Address.proposer(0), ctx.spawn(guard.guard(ProposerMessage.class, recorder), "proposer"));
    });
  }
}
