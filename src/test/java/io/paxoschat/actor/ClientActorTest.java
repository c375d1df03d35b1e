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
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(10, 15).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(5).clientWindow(8).build();
  private static final long SESSION = 0;
  private static final ClientRequest BOTH =
      new ClientRequest(CLIENT, List.of(new ChatLine(CLIENT, SESSION, 1, "hello"), new ChatLine(CLIENT, SESSION, 2, "world")));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void anUnacknowledgedClientRetriesToTheLeaderThenTheNextLearnerAndStopsOnceAcknowledged() {
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

    // It opens its session as it starts, after starting its timer: from here on time counts for it.
    learners.get(0).expectMessage(new LearnerMessage.OpenSessionRequest(CLIENT, 1, false));
    clientRef.tell(new ClientMessage.SessionOpened(CLIENT, 1, SESSION, 0));
    learners.get(0).expectMessage(BOTH);

    manualTime.timePasses(TICK.multipliedBy(SETTINGS.clientRetryTicks() - 1));
    learners.get(1).expectNoMessage(Duration.ofMillis(100));
    learners.get(0).expectNoMessage(Duration.ZERO);
    learners.get(2).expectNoMessage(Duration.ZERO);

    manualTime.timePasses(TICK);
    learners.get(0).expectMessage(BOTH); // the unacknowledged lines, to the leader it believes in
    manualTime.timePasses(TICK.multipliedBy(SETTINGS.clientRetryTicks()));
    learners.get(1).expectMessage(BOTH); // then to the next replica, not to all at once
    learners.get(2).expectNoMessage(Duration.ZERO);
    learners.get(0).awaitAssert(() -> {
      assertEquals(2, status.retries());
      return null;
    });

    clientRef.tell(new ClientReply(CLIENT, SESSION, 2, -1, 0, 0));
    learners.get(0).awaitAssert(() -> {
      assertTrue(status.done());
      return null;
    });
    manualTime.timePasses(TICK.multipliedBy(4L * SETTINGS.clientRetryTicks()));
    learners.get(1).expectNoMessage(Duration.ofMillis(100));
    learners.get(0).expectNoMessage(Duration.ZERO);
    learners.get(2).expectNoMessage(Duration.ZERO);
    assertEquals(2, status.retries());
    testKit.stop(clientRef);
  }
}
