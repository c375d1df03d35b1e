package io.paxoschat.paxos;

import static io.paxoschat.paxos.EffectLists.recipients;
import static io.paxoschat.paxos.EffectLists.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.SessionOpened;
import io.paxoschat.paxos.ClientMessage.Tick;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientTest {

  private static final int N = 3;
  private static final int ME = 5;
  /** A window of 3 lines; retry after 5 ticks without progress. */
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(8, 10).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(5).clientWindow(3).build();
  private static final long SESSION = 4;
  private static final List<String> LINES = List.of("one", "two", "three", "four", "five");

  private final Client client = new Client(ME, N, SETTINGS, LINES);

  private static ClientRequest request(long seq) {
    return ClientRequest.of(new ChatLine(ME, SESSION, seq, LINES.get((int) seq - 1)));
  }

  private static List<Long> seqs(List<Effect> effects) {
    List<Long> seqs = new ArrayList<>();
    for (ClientRequest request : sent(effects, ClientRequest.class)) {
      for (ChatLine line : request.lines()) {
        seqs.add(line.seq());
      }
    }
    return seqs;
  }

  /** The client starts, and its session (opened in slot {@link #SESSION}) is the first of its id. */
  private List<Effect> open() {
    client.start();
    return client.handle(new SessionOpened(ME, 1, SESSION, 0, 0));
  }

  private static ClientReply reply(long executedUpToSeq, long view) {
    return new ClientReply(ME, SESSION, executedUpToSeq, -1, 0, view);
  }

  private List<Effect> ticks(int count) {
    List<Effect> effects = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      effects.addAll(client.handle(Tick.INSTANCE));
    }
    return effects;
  }

  @Test
  void aLongSessionHoldsItsWindowNotItsHistory() {
    Client typing = new Client(ME, N, SETTINGS, List.of());
    typing.start();
    typing.handle(new SessionOpened(ME, 1, SESSION, 0, 0));
    List<String> acknowledged = new ArrayList<>();
    for (int i = 1; i <= 10_000; i++) {
      List<Effect> effects = new ArrayList<>(typing.handle(new ClientMessage.Submit("line " + i)));
      while (i % 7 == 0 && typing.acknowledged() < i) { // now and then, replies until all is acknowledged
        long sentUpTo = typing.acknowledgedSeq() + SETTINGS.clientWindow();
        effects.addAll(typing.handle(new ClientReply(ME, SESSION, Math.min(i, sentUpTo), -1, 0, 0)));
      }
      for (Effect effect : effects) {
        if (effect instanceof Effect.Acknowledged ack) {
          acknowledged.add(ack.line().text());
        }
      }
      assertTrue(typing.linesHeld() <= 2 * (i - typing.acknowledged()) + 1,
          "after " + i + " lines, " + typing.acknowledged() + " acknowledged: holds " + typing.linesHeld());
    }
    assertEquals(10_000, typing.total());
    assertTrue(typing.acknowledged() > 9_000, "acknowledged " + typing.acknowledged());
    for (int i = 0; i < acknowledged.size(); i++) {
      assertEquals("line " + (i + 1), acknowledged.get(i), "each acknowledgement names its own line");
    }
  }

  @Test
  void startsByFillingItsWindowInSeqOrderToTheLearnerOfTheView0Leader() {
    List<Effect> effects = open();

    assertEquals(List.of(1L, 2L, 3L), seqs(effects), "several lines to a message");
    assertEquals(List.of(Address.learner(0)), recipients(effects, ClientRequest.class));
  }

  @Test
  void eachAcknowledgementOpensTheWindowByTheLinesItCovers() {
    open();

    assertEquals(List.of(4L), seqs(client.handle(reply(1, 0))));
    assertEquals(List.of(5L), seqs(client.handle(reply(3, 0))));
    assertEquals(List.of(), seqs(client.handle(reply(4, 0))), "no lines left");
  }

  @Test
  void aStaleAcknowledgementChangesNothing() {
    open();
    client.handle(reply(2, 0));

    assertEquals(List.of(), client.handle(reply(1, 0)));
    assertEquals(2, client.acknowledged());
  }

  @Test
  void aReplyCannotAcknowledgeLinesNeverSent() {
    open();

    List<Effect> effects = client.handle(reply(5, 0));

    assertEquals(3, client.acknowledged());
    assertEquals(List.of(4L, 5L), seqs(effects));
    assertFalse(client.isDone());
  }

  @Test
  void retriesOnlyTheUnacknowledgedLinesToOneReplicaAtATimeWithBackoff() {
    open();
    client.handle(reply(1, 0));
    int retry = SETTINGS.clientRetryTicks();

    assertEquals(List.of(), ticks(retry - 1));
    List<Effect> first = ticks(1);
    assertEquals(List.of(2L, 3L, 4L), seqs(first), "only what is unacknowledged");
    assertEquals(List.of(Address.learner(0)), recipients(first, ClientRequest.class), "first to the leader it believes in");
    assertEquals(List.of(Address.learner(1)), recipients(ticks(retry), ClientRequest.class), "then the next replica");
    assertEquals(List.of(Address.learner(2)), recipients(ticks(retry), ClientRequest.class));
    assertEquals(List.of(Address.learner(0)), recipients(ticks(retry), ClientRequest.class), "round two");
    assertEquals(List.of(), ticks(retry), "a full round brought nothing: it waits twice as long");
    assertEquals(List.of(Address.learner(1)), recipients(ticks(retry), ClientRequest.class));
    assertEquals(5, client.retries());
  }

  @Test
  void progressRestartsTheRetryTimer() {
    open();
    ticks(SETTINGS.clientRetryTicks() - 1);
    client.handle(reply(1, 0));

    assertEquals(List.of(), ticks(SETTINGS.clientRetryTicks() - 1));
    assertEquals(List.of(2L, 3L, 4L), seqs(ticks(1)));
  }

  @Test
  void aReplyWithAHigherViewRedirectsLaterSends() {
    open();

    List<Effect> effects = client.handle(reply(1, 4));

    assertEquals(4, client.view());
    assertEquals(List.of(Address.learner(1)), recipients(effects, ClientRequest.class), "leader of view 4 is 1");
    List<Effect> afterStaleView = client.handle(reply(2, 2));
    assertEquals(List.of(Address.learner(1)), recipients(afterStaleView, ClientRequest.class),
        "an older view does not take it back");
  }

  @Test
  void isDoneOnceEveryLineIsAcknowledgedAndThenStaysQuiet() {
    open();
    client.handle(reply(3, 0));
    assertFalse(client.isDone());

    client.handle(reply(5, 0));

    assertTrue(client.isDone());
    assertEquals(5, client.acknowledged());
    assertEquals(List.of(), ticks(5 * SETTINGS.clientRetryTicks()));
    assertEquals(0, client.retries());
  }

  // ---- sessions -----------------------------------------------------------------------------

  @Test
  void sendsNoLineBeforeItsSessionIsOpenAndAsksAgainUntilItIs() {
    List<Effect> start = client.start();

    assertEquals(List.of(new Effect.Send(Address.learner(0), LearnerMessage.SessionRequest.open(ME, 1))), start);
    assertEquals(List.of(), seqs(ticks(SETTINGS.clientRetryTicks() - 1)));
    List<Effect> retry = ticks(1);
    assertEquals(List.of(Address.learner(0)), recipients(retry, LearnerMessage.SessionRequest.class));
    assertEquals(List.of(), seqs(retry));
  }

  @Test
  void numbersItsLinesAfterTheLastSeqTheOpeningFound() {
    client.start();

    List<Effect> effects = client.handle(new SessionOpened(ME, 1, 9, 411, 0));

    assertEquals(List.of(412L, 413L, 414L), seqs(effects));
    for (ClientRequest request : sent(effects, ClientRequest.class)) {
      request.lines().forEach(line -> assertEquals(9, line.session(), "lines carry their session"));
    }
  }

  @Test
  void aSessionOpenedWithAnotherNonceIsNotItsOwn() {
    client.start();

    assertEquals(List.of(), client.handle(new SessionOpened(ME, 0, 3, 7, 0)), "an older opening: ours is still to come");
    assertFalse(client.superseded());
    assertEquals(List.of(), client.handle(new SessionOpened(ME, 50, 3, 7, 0)));
    assertTrue(client.superseded(), "a newer client of this id opened first: this one gives way");
    assertFalse(client.joined());
    assertEquals(List.of(), ticks(10 * SETTINGS.clientRetryTicks()));
  }

  @Test
  void aReplyNamingANewerSessionSupersedesItAndItFallsSilent() {
    open();

    client.handle(new ClientReply(ME, SESSION + 10, 2, -1, 0, 0));

    assertTrue(client.superseded());
    assertEquals(0, client.acknowledged(), "lines of another session are not ours");
    assertEquals(List.of(), ticks(10 * SETTINGS.clientRetryTicks()));
    assertFalse(client.isDone());
  }

  @Test
  void eachAcknowledgedLineIsReportedWithItsSlotWhenTheReplyNamesIt() {
    open();

    List<Effect> effects = client.handle(new ClientReply(ME, SESSION, 3, 12, 2, 0));

    assertEquals(List.of(
        new Effect.Acknowledged(-1, new ChatLine(ME, SESSION, 1, "one")),
        new Effect.Acknowledged(12, new ChatLine(ME, SESSION, 2, "two")),
        new Effect.Acknowledged(12, new ChatLine(ME, SESSION, 3, "three"))),
        EffectLists.ofType(effects, Effect.Acknowledged.class));
  }
}
