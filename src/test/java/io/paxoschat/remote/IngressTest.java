package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.LearnerMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes and a stranger, each an actor system on loopback in this JVM: a member's messages
 * reach the role through the ingress; a stranger's, and anything sent around the ingress, do not.
 */
class IngressTest {

  private static final Duration QUIET = Duration.ofMillis(1500);
  private static final BlockingQueue<ClientMessage> received = new LinkedBlockingQueue<>();

  private static ClusterConfig config;
  private static RemoteNode client;
  private static RemoteNode replica;
  private static ActorSystem<Void> stranger;

  @BeforeAll
  static void start() throws Exception {
    config = ClusterConfig.parse(FreePorts.clusterFile(1, ""), Path.of("ingress-test.conf"));
    client = RemoteNode.start(config, NodeId.client(0), (ctx, directory, guard) -> {
      Behavior<ClientMessage> recorder = Behaviors.receiveMessage(message -> {
        received.add(message);
        return Behaviors.same();
      });
      directory.register(Address.client(0), ctx.spawn(guard.guard(ClientMessage.class, recorder), "client-0"));
    });
    replica = RemoteNode.start(config, NodeId.replica(0), (ctx, directory, guard) -> {});
    int strangerPort = FreePorts.take(1).get(0);
    stranger = ActorSystem.create(Behaviors.empty(), RemoteDirectory.SYSTEM_NAME, ConfigFactory.parseMap(Map.of(
            "pekko.actor.provider", "remote",
            "pekko.remote.artery.canonical.hostname", "127.0.0.1",
            "pekko.remote.artery.canonical.port", strangerPort,
            "pekko.remote.warn-about-direct-use", "off"))
        .withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    for (RemoteNode node : new RemoteNode[] {client, replica}) {
      if (node != null) {
        node.stop(Duration.ofSeconds(10));
      }
    }
    if (stranger != null) {
      stranger.terminate();
    }
  }

  /** A stranger's actor, to be the sender of its messages. */
  static final class Silent extends org.apache.pekko.actor.AbstractActor {
    @Override
    public Receive createReceive() {
      return receiveBuilder().build();
    }
  }

  private static org.apache.pekko.actor.ActorRef resolveFrom(ActorSystem<?> system, String path) {
    return Adapter.toClassic(ActorRefResolver.get(system).resolveActorRef(path));
  }

  private static String clientPath(String actor) {
    return "pekko://paxos-chat@" + config.client(0).hostPort() + "/user/" + actor;
  }

  @Test
  void aMembersMessageReachesTheRoleThroughTheIngress() throws InterruptedException {
    received.clear();
    replica.send(Address.client(0), new ClientReply(0, -1, 7, -1, 0, 1));

    assertEquals(new ClientReply(0, -1, 7, -1, 0, 1), received.poll(20, TimeUnit.SECONDS));
  }

  @Test
  void aStrangersMessageIsDroppedAtTheIngress() throws InterruptedException {
    received.clear();
    long droppedBefore = client.droppedMessages();
    org.apache.pekko.actor.ActorRef strangerSender =
        ((org.apache.pekko.actor.ExtendedActorSystem) Adapter.toClassic(stranger))
            .systemActorOf(org.apache.pekko.actor.Props.create(Silent.class), "sender");
    resolveFrom(stranger, clientPath(RemoteDirectory.INGRESS_NAME)).tell(new ClientReply(0, -1, 99, -1, 0, 1), strangerSender);
    resolveFrom(stranger, clientPath(RemoteDirectory.INGRESS_NAME))
        .tell(new ClientReply(0, -1, 98, -1, 0, 1), org.apache.pekko.actor.ActorRef.noSender());

    assertNull(received.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS), "nothing gets through");
    assertTrue(client.droppedMessages() >= droppedBefore + 2, "both dropped and counted");
  }

  @Test
  void aMessageSentStraightToTheRolesPathIsDropped() throws InterruptedException {
    received.clear();
    long droppedBefore = client.droppedMessages();
    resolveFrom(stranger, clientPath("client-0")).tell(new ClientReply(0, -1, 97, -1, 0, 1), org.apache.pekko.actor.ActorRef.noSender());
    // A member process can also write to the path; the guard does not care who: only the ingress lets in.
    resolveFrom(replica.system(), clientPath("client-0"))
        .tell(new ClientReply(0, -1, 96, -1, 0, 1), org.apache.pekko.actor.ActorRef.noSender());

    assertNull(received.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS), "nothing gets through");
    assertTrue(client.droppedMessages() >= droppedBefore + 2);
  }

  @Test
  void aMessageForARoleTheNodeDoesNotHostGoesNowhere() throws InterruptedException {
    received.clear();
    replica.send(Address.learner(0), new LearnerMessage.ReadChat(0, 0, 0)); // replica-0 has no learner here
    replica.send(Address.client(0), new ClientReply(0, -1, 3, -1, 0, 2));

    assertEquals(new ClientReply(0, -1, 3, -1, 0, 2), received.poll(20, TimeUnit.SECONDS), "the node still works");
  }
}
