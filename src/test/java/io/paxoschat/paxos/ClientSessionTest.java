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
}
