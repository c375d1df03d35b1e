package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ClientMessage.ChatEntries;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.Submit;
import io.paxoschat.paxos.ClientMessage.Tick;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.ReadChat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client that joins a running cluster continues its seqs; lines may be given as it runs. */
class ClientSessionTest {

  private static final int ME = 1;
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(8, 10).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(5).clientWindow(8).build();

  private static ChatEntries lastSeqFrom(int replica, long lastSeq) {
    return new ChatEntries(replica, 0, 0, lastSeq, List.of());
  }

  private static Effect.Send request(int replica, long seq, String text) {
    return new Effect.Send(Address.learner(replica), ClientRequest.of(new ChatLine(ME, seq, text)));
  }

  @Test
  void aJoiningClientAsksEveryLearnerBeforeItSends() {
    Client client = Client.joining(ME, 3, SETTINGS, List.of("x"));

    ReadChat query = new ReadChat(ME, 0, 0);
    assertEquals(List.of(
        new Effect.Send(Address.learner(0), query),
        new Effect.Send(Address.learner(1), query),
        new Effect.Send(Address.learner(2), query)), client.start());
    assertFalse(client.joined());
  }

  @Test
  void itContinuesAfterTheHighestSeqAMajorityReports() {
    Client client = Client.joining(ME, 3, SETTINGS, List.of("x", "y"));
    client.start();

    assertEquals(List.of(), client.handle(lastSeqFrom(2, 6)), "one answer is not a majority");
    List<Effect> effects = client.handle(lastSeqFrom(0, 4));

    assertTrue(client.joined());
    assertEquals(List.of(new Effect.Send(Address.learner(0),
        new ClientRequest(ME, List.of(new ChatLine(ME, 7, "x"), new ChatLine(ME, 8, "y"))))), effects);
    assertEquals(7, client.firstSeq());
    assertEquals(0, client.acknowledged());
  }

  @Test
  void acknowledgementsCountOnlyThisSessionsLines() {
    Client client = Client.joining(ME, 3, SETTINGS, List.of("x", "y"));
    client.start();
    client.handle(lastSeqFrom(0, 6));
    client.handle(lastSeqFrom(1, 6));

    client.handle(new ClientReply(ME, 7, 0));
    assertEquals(1, client.acknowledged());
    assertEquals(7, client.acknowledgedSeq());
    assertFalse(client.isDone());
    client.handle(new ClientReply(ME, 8, 0));
    assertTrue(client.isDone());
  }

  @Test
  void unansweredQueriesAreRepeatedToTheLearnersThatDidNotAnswer() {
    Client client = Client.joining(ME, 3, SETTINGS, List.of("x"));
    client.start();
    client.handle(lastSeqFrom(1, 0));

    List<Effect> effects = List.of();
    for (int tick = 0; tick < SETTINGS.clientRetryTicks(); tick++) {
      effects = client.handle(Tick.INSTANCE);
    }
    ReadChat query = new ReadChat(ME, 0, 0);
    assertEquals(List.of(new Effect.Send(Address.learner(0), query), new Effect.Send(Address.learner(2), query)),
        effects);
  }

  @Test
  void repliesBeforeJoiningAreIgnored() {
    Client client = Client.joining(ME, 3, SETTINGS, List.of("x"));
    client.start();

    assertEquals(List.of(), client.handle(new ClientReply(ME, 3, 0)));
    assertEquals(0, client.acknowledged());
  }

  @Test
  void submittedLinesAreSentInOrderAfterTheGivenOnes() {
    Client client = new Client(ME, 3, SETTINGS, List.of());
    assertEquals(List.of(), client.start());
    assertTrue(client.isDone(), "nothing to send yet");

    assertEquals(List.of(request(0, 1, "hello")), client.handle(new Submit("hello")));
    assertEquals(List.of(request(0, 2, "world")), client.handle(new Submit("world")));
    assertFalse(client.isDone());
    client.handle(new ClientReply(ME, 2, 0));
    assertTrue(client.isDone());
  }

  @Test
  void linesSubmittedWhileJoiningWaitForTheJoin() {
    Client client = Client.joining(ME, 3, SETTINGS, List.of());
    client.start();

    assertEquals(List.of(), client.handle(new Submit("early")));
    client.handle(lastSeqFrom(0, 2));
    assertEquals(List.of(request(0, 3, "early")), client.handle(lastSeqFrom(2, 1)));
  }
}
