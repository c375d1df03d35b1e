package io.paxoschat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.actor.Directory;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.metrics.GatewayMetrics;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.LearnerMessage.SessionRequest;
import io.paxoschat.paxos.Message;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.Effect.TimerScheduled;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.api.Test;

/** A tab's session on the gateway closes its session in the log once the tab is gone for good. */
class SessionActorCloseTest {

  private static final int CLIENT = 101;
  private static final long SESSION = 9;
  private static final String CLUSTER = "f = 1\n"
      + "replicas = [ { id = 0, host = \"127.0.0.1\", port = 1 }, { id = 1, host = \"127.0.0.1\", port = 2 },"
      + " { id = 2, host = \"127.0.0.1\", port = 3 } ]\n"
      + "clients = [ { id = 0, host = \"127.0.0.1\", port = 4 } ]\n"
      + "gateways = [ { id = 0, host = \"127.0.0.1\", port = 5, http-port = 6, client-ids = [100, 102] } ]\n";

  private final List<Message> sent = new ArrayList<>();
  private final TestInbox<GatewayActor.Command> gateway = TestInbox.create();
  private final BehaviorTestKit<Object> session;
  private final long nonce;

  private static final Tab TAB = new Tab() {
    @Override
    public boolean send(String frame) {
      return true;
    }

    @Override
    public void close() {}
  };

  SessionActorCloseTest() {
    ClusterConfig config = ClusterConfig.parse(CLUSTER, Path.of("test.conf"));
    Directory directory = (to, message) -> sent.add(message);
    session = BehaviorTestKit.create(SessionActor.create(CLIENT, new GatewaySettings(config, config.gateway(0)),
        directory, new ClusterView(3), new GatewayMetrics(new PrometheusRegistry()), gateway.getRef()));
    nonce = ((Command.OpenSession) ((SessionRequest) sent.get(0)).change()).nonce();
    session.run(new ClientMessage.SessionOpened(CLIENT, nonce, SESSION, 0, 0));
    session.run(new SessionActor.Attach(TAB, "ann", List.of()));
    sent.clear();
  }

  /** The tab leaves and the grace period passes: returns what the session sent then. */
  private List<Message> tabGoneForGood() {
    session.run(new SessionActor.Detach(TAB));
    Object graceOver = session.getAllEffects().stream()
        .filter(effect -> effect instanceof TimerScheduled<?>)
        .map(effect -> ((TimerScheduled<?>) effect).msg())
        .reduce((first, second) -> second).orElseThrow();
    session.run(graceOver);
    return List.copyOf(sent);
  }

  @Test
  void aTabGoneForGoodHasItsSessionClosedAndTheSessionEndsOnceTheClosingIsAnswered() {
    assertEquals(List.of(SessionRequest.close(CLIENT, SESSION)), tabGoneForGood());
    assertTrue(session.isAlive(), "it waits for the answer");

    session.run(new ClientMessage.SessionClosed(CLIENT, SESSION, 0));
    session.run(SessionActor.Timer.TICK);

    assertFalse(session.isAlive());
    assertEquals(new GatewayActor.SessionEnded(CLIENT, session.getRef()), gateway.receiveMessage());
  }

  @Test
  void aTabThatComesBackWhileItsSessionClosesIsSentToANewSession() {
    tabGoneForGood();

    session.run(new SessionActor.Attach(TAB, "ann", List.of()));

    assertFalse(session.isAlive());
    assertEquals(new GatewayActor.SessionEnded(CLIENT, session.getRef()), gateway.receiveMessage());
  }
}
