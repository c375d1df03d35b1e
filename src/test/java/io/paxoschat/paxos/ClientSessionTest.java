package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.SessionOpened;
import io.paxoschat.paxos.ClientMessage.Submit;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines may be given to a client as it runs (typed); they wait for its session to open. */
class ClientSessionTest {

  private static final int ME = 1;
  private static final long SESSION = 6;
  private static final long NONCE = 77;
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(8, 10).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(5).clientWindow(8).build();

  private static Effect.Send request(int replica, long seq, String text) {
    return new Effect.Send(Address.learner(replica), ClientRequest.of(new ChatLine(ME, SESSION, seq, text)));
  }

  @Test
  void aLineSubmittedWhileAnotherIsInFlightWaitsForItsReplyAndGoesOutWithItsNeighbours() {
    Client client = new Client(ME, 3, SETTINGS, List.of(), NONCE);
    client.start();
    assertEquals(List.of(), client.handle(new SessionOpened(ME, NONCE, SESSION, 0, 0)));
    assertTrue(client.isDone(), "nothing to send yet");

    assertEquals(List.of(request(0, 1, "hello")), client.handle(new Submit("hello")), "an idle client sends at once");
    assertEquals(List.of(), client.handle(new Submit("world")), "waits for the reply to the line in flight");
    assertEquals(List.of(), client.handle(new Submit("again")));
    assertFalse(client.isDone());
    assertEquals(List.of(new Effect.Send(Address.learner(0), new ClientRequest(ME, List.of(
        new ChatLine(ME, SESSION, 2, "world"), new ChatLine(ME, SESSION, 3, "again"))))),
        sends(client.handle(new ClientReply(ME, SESSION, 1, -1, 0, 0))), "both in one request, in order");
    client.handle(new ClientReply(ME, SESSION, 3, -1, 0, 0));
    assertTrue(client.isDone());
  }

  private static List<Effect> sends(List<Effect> effects) {
    return effects.stream().filter(e -> e instanceof Effect.Send).toList();
  }

  @Test
  void linesSubmittedWhileTheSessionOpensWaitForItAndNumberAfterTheLastExecutedSeq() {
    Client client = new Client(ME, 3, SETTINGS, List.of(), NONCE);
    client.start();

    assertEquals(List.of(), client.handle(new Submit("early")));
    assertFalse(client.isDone());
    assertEquals(List.of(request(0, 3, "early")), client.handle(new SessionOpened(ME, NONCE, SESSION, 2, 0)));
  }

  @Test
  void linesSubmittedTogetherGoOutInOneMessageUpToTheWindowAndTheRestAsItOpens() {
    Client client = new Client(ME, 3, SETTINGS, List.of(), NONCE);
    client.start();
    client.handle(new SessionOpened(ME, NONCE, SESSION, 0, 0));

    List<String> ten = java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> "line " + i).toList();
    List<Effect> sent = client.handle(new ClientMessage.SubmitAll(ten));
    assertEquals(1, sent.size(), "one message for the lines due together: " + sent);
    ClientRequest request = (ClientRequest) ((Effect.Send) sent.get(0)).message();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), request.lines().stream().map(ChatLine::seq).toList(),
        "in order, up to the window of 8");
    assertEquals("line 1", request.lines().get(0).text());

    assertEquals(List.of(), client.handle(new ClientMessage.SubmitAll(List.of("line 11"))), "lines in flight: it waits");
    assertEquals(List.of(new Effect.Send(Address.learner(0), new ClientRequest(ME, List.of(
        new ChatLine(ME, SESSION, 9, "line 9"), new ChatLine(ME, SESSION, 10, "line 10"),
        new ChatLine(ME, SESSION, 11, "line 11"))))),
        sends(client.handle(new ClientReply(ME, SESSION, 8, -1, 0, 0))));
  }
}
