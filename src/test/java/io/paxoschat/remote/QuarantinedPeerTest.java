package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.ProposerMessage.FollowerProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
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
 * A client quarantines a replica's incarnation (as Artery does when the replica is killed and the
 * client's connection to it fails); the replica comes back as a new incarnation on the same port
 * and, like a restarted replica, never writes to the client first. Artery drops everything the
 * client sends to a quarantined address without trying to connect, so the client must knock.
 */
class QuarantinedPeerTest {

  private static final Duration BOUND = Duration.ofSeconds(40);

  @Test
  void aNodeReachesTheNextIncarnationOfAPeerItQuarantined() throws Exception {
    ClusterConfig config = ClusterConfig.parse(FreePorts.clusterFile(1, ""), Path.of("quarantined-peer-test.conf"));
    BlockingQueue<ProposerMessage> received = new LinkedBlockingQueue<>();
    RemoteNode client = RemoteNode.start(config, NodeId.client(0), (ctx, directory, guard) -> {});
    RemoteNode replica = startReplica(config, received);
    RemoteNode next = null;
    try {
      assertTrue(reaches(client, received, 1), "the client reaches the replica");

      long uid = AddressUidExtension.get(Adapter.toClassic(replica.system())).longAddressUid();
      ((RemoteActorRefProvider) ((ExtendedActorSystem) Adapter.toClassic(client.system())).provider()).quarantine(
          new org.apache.pekko.actor.Address("pekko", RemoteDirectory.SYSTEM_NAME, "127.0.0.1",
              config.replica(0).port()), uidOption(uid), "the replica was killed");
      replica.stop(Duration.ofSeconds(10));
      next = startReplica(config, received);

      assertTrue(reaches(client, received, 1_000), "the client reaches the replica's next incarnation");
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

  /** Sends numbered reports from {@code client} until one numbered at least {@code from} arrives. */
  private static boolean reaches(RemoteNode client, BlockingQueue<ProposerMessage> received, long from)
      throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    long n = from;
    while (System.nanoTime() < deadline) {
      client.send(Address.proposer(0), new FollowerProgress(0, n++));
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

  @SuppressWarnings("unchecked")
  private static scala.Option<Object> uidOption(long uid) {
    return (scala.Option<Object>) (scala.Option<?>) scala.Option.apply(uid);
  }
}
