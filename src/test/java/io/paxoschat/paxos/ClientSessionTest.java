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
  void submittedLinesAreSentInOrderAfterTheGivenOnes() {
    Client client = new Client(ME, 3, SETTINGS, List.of(), NONCE);
    client.start();
    assertEquals(List.of(), client.handle(new SessionOpened(ME, NONCE, SESSION, 0, 0)));
    assertTrue(client.isDone(), "nothing to send yet");

    assertEquals(List.of(request(0, 1, "hello")), client.handle(new Submit("hello")));
    assertEquals(List.of(request(0, 2, "world")), client.handle(new Submit("world")));
    assertFalse(client.isDone());
    client.handle(new ClientReply(ME, SESSION, 2, -1, 0, 0));
    assertTrue(client.isDone());
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
    client.handle(new Submit("first"));

    List<String> ten = java.util.stream.IntStream.rangeClosed(2, 11).mapToObj(i -> "line " + i).toList();
    List<Effect> sent = client.handle(new ClientMessage.SubmitAll(ten));
    assertEquals(1, sent.size(), "one message for the lines due together: " + sent);
    ClientRequest request = (ClientRequest) ((Effect.Send) sent.get(0)).message();
    assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L), request.lines().stream().map(ChatLine::seq).toList(),
        "in order after the line given before, up to the window of 8");
    assertEquals("line 2", request.lines().get(0).text());

    List<Effect> rest = client.handle(new ClientReply(ME, SESSION, 8, -1, 0, 0));
    assertEquals(List.of(new Effect.Send(Address.learner(0), new ClientRequest(ME, List.of(
        new ChatLine(ME, SESSION, 9, "line 9"), new ChatLine(ME, SESSION, 10, "line 10"),
        new ChatLine(ME, SESSION, 11, "line 11"))))),
        rest.stream().filter(e -> e instanceof Effect.Send).toList());
  }
}
