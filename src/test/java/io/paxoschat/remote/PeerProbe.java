package io.paxoschat.remote;

import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.ProposerMessage.FollowerProgress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.remote.AddressUidExtension;
import org.apache.pekko.remote.RemoteActorRefProvider;

/** What the quarantine tests do to nodes: send numbered messages until one arrives, quarantine a UID. */
final class PeerProbe {

  private static final Duration BOUND = Duration.ofSeconds(40);

  private PeerProbe() {}

  /**
   * Sends numbered progress reports from {@code from} to replica {@code to}'s proposer until one
   * numbered at least {@code first} arrives in {@code received}; false after the bound.
   */
  static boolean reaches(RemoteNode from, int to, BlockingQueue<ProposerMessage> received, long first)
      throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    long n = first;
    while (System.nanoTime() < deadline) {
      from.send(Address.proposer(to), new FollowerProgress(0, n++));
      ProposerMessage message = received.poll(200, TimeUnit.MILLISECONDS);
      while (message != null) {
        if (message instanceof FollowerProgress progress && progress.durableUpTo() >= first) {
          return true;
        }
        message = received.poll();
      }
    }
    return false;
  }

  /** Makes {@code node}'s Artery quarantine the current incarnation of {@code peer}, as it does a failed one. */
  @SuppressWarnings("unchecked")
  static void quarantine(RemoteNode node, RemoteNode peer, int peerPort) {
    long uid = AddressUidExtension.get(Adapter.toClassic(peer.system())).longAddressUid();
    ((RemoteActorRefProvider) ((ExtendedActorSystem) Adapter.toClassic(node.system())).provider()).quarantine(
        new org.apache.pekko.actor.Address("pekko", RemoteDirectory.SYSTEM_NAME, "127.0.0.1", peerPort),
        (scala.Option<Object>) (scala.Option<?>) scala.Option.apply(uid), "quarantined by a test");
  }
}
