package io.paxoschat.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Client;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.ProtocolSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ClientActorTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create("ClientActorTest", ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

  private static final int REPLICAS = 3;
  private static final int CLIENT = 4;
  private static final Duration TICK = Duration.ofMillis(10);
  private static final ProtocolSettings SETTINGS = new ProtocolSettings(2, 10, 15, 3, 2, 64, 5, 8);
  private static final ClientRequest HELLO = new ClientRequest(new ChatLine(CLIENT, 1, "hello"));
  private static final ClientRequest WORLD = new ClientRequest(new ChatLine(CLIENT, 2, "world"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void anUnacknowledgedClientRetriesToEveryLearnerAfterClientRetryTicksAndStopsOnceAcknowledged() {
    LocalDirectory directory = new LocalDirectory();
    List<TestProbe<LearnerMessage>> learners = new ArrayList<>();
    for (int replica = 0; replica < REPLICAS; replica++) {
      TestProbe<LearnerMessage> learner = testKit.createTestProbe();
      directory.register(Address.learner(replica), learner.ref());
      learners.add(learner);
    }
    ClientStatus status = new ClientStatus(CLIENT, 2);
    Client client = new Client(CLIENT, REPLICAS, SETTINGS, List.of("hello", "world"));
    ActorRef<ClientMessage> clientRef = testKit.spawn(ClientActor.create(client, directory, TICK, status));

    // It sends as it starts, after starting its timer: from here on time counts for it.
    learners.get(0).expectMessage(HELLO);
    learners.get(0).expectMessage(WORLD);

    manualTime.timePasses(TICK.multipliedBy(SETTINGS.clientRetryTicks() - 1));
    learners.get(1).expectNoMessage(Duration.ofMillis(100));
    learners.get(0).expectNoMessage(Duration.ZERO);
    learners.get(2).expectNoMessage(Duration.ZERO);

    manualTime.timePasses(TICK);

    for (TestProbe<LearnerMessage> learner : learners) {
      learner.expectMessage(HELLO);
      learner.expectMessage(WORLD);
    }
    learners.get(0).awaitAssert(() -> {
      assertEquals(1, status.retries());
      return null;
    });

    clientRef.tell(new ClientReply(CLIENT, 2, 0));
    learners.get(0).awaitAssert(() -> {
      assertTrue(status.done());
      return null;
    });
    manualTime.timePasses(TICK.multipliedBy(4L * SETTINGS.clientRetryTicks()));
    learners.get(1).expectNoMessage(Duration.ofMillis(100));
    learners.get(0).expectNoMessage(Duration.ZERO);
    learners.get(2).expectNoMessage(Duration.ZERO);
    assertEquals(1, status.retries());
    testKit.stop(clientRef);
  }
}
