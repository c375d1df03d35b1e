package io.paxoschat.paxos;

import static io.paxoschat.paxos.EffectLists.recipients;
import static io.paxoschat.paxos.EffectLists.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.SessionClosed;
import io.paxoschat.paxos.ClientMessage.SessionOpened;
import io.paxoschat.paxos.ClientMessage.Submit;
import io.paxoschat.paxos.ClientMessage.Tick;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.SessionRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client closes its session, and opens a new one when its session was closed under it. */
class ClientCloseTest {

  private static final int ME = 5;
  private static final long NONCE = 40;
  private static final long SESSION = 4;
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2)
      .electionTimeoutTicks(8, 10).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(5)
      .clientWindow(3).build();
  private static final List<String> LINES = List.of("one", "two", "three", "four", "five");

  private final Client client = new Client(ME, 3, SETTINGS, LINES, NONCE);

  private void open() {
    client.start();
    client.handle(new SessionOpened(ME, NONCE, SESSION, 0, 1));
  }

  private List<Effect> ticks(int count) {
    List<Effect> effects = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      effects.addAll(client.handle(Tick.INSTANCE));
    }
    return effects;
  }

  private static List<Long> seqs(List<Effect> effects, long session) {
    List<Long> seqs = new ArrayList<>();
    for (ClientRequest request : sent(effects, ClientRequest.class)) {
      for (ChatLine line : request.lines()) {
        assertEquals(session, line.session());
        seqs.add(line.seq());
      }
    }
    return seqs;
  }

  @Test
  void anOpeningAnswerNamesTheViewSoLinesGoToItsLeader() {
    client.start();

    List<Effect> opened = client.handle(new SessionOpened(ME, NONCE, SESSION, 0, 1));

    assertEquals(List.of(Address.learner(1)), recipients(opened, ClientRequest.class));
  }

  @Test
  void closingAsksTheLeaderToCloseAndSendsNoMoreLines() {
    open();

    List<Effect> close = client.close();
    client.handle(new ClientReply(ME, SESSION, 3, -1, 0, 1));

    assertEquals(List.of(new Effect.Send(Address.learner(1), SessionRequest.close(ME, SESSION))), close);
    assertEquals(3, client.acknowledged(), "acknowledgements still count");
    assertEquals(List.of(), seqs(client.handle(new Submit("six")), SESSION), "nothing new goes out");
    assertFalse(client.isClosed());
  }

  @Test
  void aClosingIsAskedAgainUntilAReplicaSaysTheSessionIsClosed() {
    open();
    client.close();

    List<Effect> retried = ticks(5);
    List<Effect> answered = client.handle(new SessionClosed(ME, SESSION, 2));

    assertEquals(List.of(SessionRequest.close(ME, SESSION)), sent(retried, SessionRequest.class));
    assertEquals(List.of(), seqs(retried, SESSION), "the lines in flight are not resent");
    assertTrue(client.isClosed());
    assertEquals(List.of("one", "two"),
        answered.stream().map(e -> ((Effect.Acknowledged) e).line().text()).toList(),
        "the answer says which lines executed before the closing");
    assertEquals(List.of(), ticks(20), "a closed client is silent");
  }

  @Test
  void aClientClosedWhileItsSessionOpensClosesTheSessionOnceItIsOpen() {
    client.start();
    client.close();

    List<Effect> opened = client.handle(new SessionOpened(ME, NONCE, SESSION, 0, 0));

    assertEquals(List.of(new Effect.Send(Address.learner(0), SessionRequest.close(ME, SESSION))), opened);
  }

  @Test
  void aSessionClosedUnderTheClientIsReopenedAndItsUnacknowledgedLinesGoOnInOrder() {
    open();
    client.handle(new ClientReply(ME, SESSION, 1, -1, 0, 1)); // one acknowledged, 2..4 in flight

    List<Effect> closed = client.handle(new SessionClosed(ME, SESSION, 2));
    List<Effect> reopened = client.handle(new SessionOpened(ME, NONCE + 1, 9, 2, 1));

    assertEquals(List.of(new Effect.Send(Address.learner(1), SessionRequest.open(ME, NONCE + 1))),
        sent(closed, SessionRequest.class).stream().map(r -> (Effect) new Effect.Send(Address.learner(1), r)).toList());
    assertEquals(List.of(new Effect.Acknowledged(-1, new ChatLine(ME, SESSION, 2, "two"))),
        closed.stream().filter(e -> e instanceof Effect.Acknowledged).toList());
    assertEquals(List.of(3L, 4L, 5L), seqs(reopened, 9), "seq 3 on, in the new session");
    assertEquals(List.of(Address.learner(1)), recipients(reopened, ClientRequest.class));
    assertFalse(client.superseded());
  }

  @Test
  void aClosingAnsweredWithANewerSessionLeavesTheClientSupersededWithNothingAcknowledged() {
    open();
    client.close();

    List<Effect> answer = client.handle(new ClientReply(ME, SESSION + 5, 3, 20, 1, 1));

    assertTrue(client.superseded());
    assertEquals(0, client.acknowledged());
    assertEquals(List.of(), answer);
  }

  @Test
  void anUnknownSessionIsReopenedAndItsUnacknowledgedLinesNumberedAfterTheIdsLastExecutedLine() {
    open();
    client.handle(new ClientReply(ME, SESSION, 1, -1, 0, 1)); // "one" acknowledged; 2..4 in flight

    List<Effect> closed = client.handle(new SessionClosed(ME, SESSION, SessionClosed.UNKNOWN));
    List<Effect> reopened = client.handle(new SessionOpened(ME, NONCE + 1, 30, 7, 1));

    assertEquals(List.of(), closed.stream().filter(e -> e instanceof Effect.Acknowledged).toList(),
        "nothing is known of the lines of an unknown session");
    assertEquals(List.of(SessionRequest.open(ME, NONCE + 1)), sent(closed, SessionRequest.class));
    assertEquals(List.of(8L, 9L, 10L), seqs(reopened, 30), "\"two\" on, after seq 7");
    assertEquals("two", sent(reopened, ClientRequest.class).get(0).lines().get(0).text());
    assertEquals(1, client.acknowledged());
  }

  @Test
  void aClosedSessionThatExecutedLinesThisClientNeverSentMeansAnotherClientOfTheIdTookOver() {
    open(); // lines 1..3 sent

    client.handle(new SessionClosed(ME, SESSION, 7));

    assertTrue(client.superseded());
  }
}
