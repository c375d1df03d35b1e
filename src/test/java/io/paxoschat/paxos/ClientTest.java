package io.paxoschat.paxos;

import static io.paxoschat.paxos.EffectLists.recipients;
import static io.paxoschat.paxos.EffectLists.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ClientMessage.ClientReply;
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
  private static final ProtocolSettings SETTINGS = new ProtocolSettings(2, 8, 10, 3, 2, 64, 5, 3);
  private static final List<String> LINES = List.of("one", "two", "three", "four", "five");

  private final Client client = new Client(ME, N, SETTINGS, LINES);

  private static ClientRequest request(long seq) {
    return new ClientRequest(new ChatLine(ME, seq, LINES.get((int) seq - 1)));
  }

  private static List<Long> seqs(List<Effect> effects) {
    List<Long> seqs = new ArrayList<>();
    for (ClientRequest request : sent(effects, ClientRequest.class)) {
      seqs.add(request.line().seq());
    }
    return seqs;
  }

  private List<Effect> ticks(int count) {
    List<Effect> effects = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      effects.addAll(client.handle(Tick.INSTANCE));
    }
    return effects;
  }

  @Test
  void startsByFillingItsWindowInSeqOrderToTheLearnerOfTheView0Leader() {
    List<Effect> effects = client.start();

    assertEquals(List.of(request(1), request(2), request(3)), sent(effects, ClientRequest.class));
    assertEquals(List.of(Address.learner(0), Address.learner(0), Address.learner(0)),
        recipients(effects, ClientRequest.class));
  }

  @Test
  void eachAcknowledgementOpensTheWindowByTheLinesItCovers() {
    client.start();

    assertEquals(List.of(4L), seqs(client.handle(new ClientReply(ME, 1, 0))));
    assertEquals(List.of(5L), seqs(client.handle(new ClientReply(ME, 3, 0))));
    assertEquals(List.of(), seqs(client.handle(new ClientReply(ME, 4, 0))), "no lines left");
  }

  @Test
  void aStaleAcknowledgementChangesNothing() {
    client.start();
    client.handle(new ClientReply(ME, 2, 0));

    assertEquals(List.of(), client.handle(new ClientReply(ME, 1, 0)));
    assertEquals(2, client.acknowledged());
  }

  @Test
  void aReplyCannotAcknowledgeLinesNeverSent() {
    client.start();

    List<Effect> effects = client.handle(new ClientReply(ME, 5, 0));

    assertEquals(3, client.acknowledged());
    assertEquals(List.of(4L, 5L), seqs(effects));
    assertFalse(client.isDone());
  }

  @Test
  void retriesEveryOutstandingLineToEveryReplicaAfterClientRetryTicks() {
    client.start();

    assertEquals(List.of(), ticks(SETTINGS.clientRetryTicks() - 1));
    List<Effect> retry = ticks(1);

    List<ClientRequest> expected = new ArrayList<>();
    List<Address> to = new ArrayList<>();
    for (long seq = 1; seq <= 3; seq++) {
      for (int replica = 0; replica < N; replica++) {
        expected.add(request(seq));
        to.add(Address.learner(replica));
      }
    }
    assertEquals(expected, sent(retry, ClientRequest.class));
    assertEquals(to, recipients(retry, ClientRequest.class));
    assertEquals(1, client.retries());
    assertEquals(List.of(), ticks(SETTINGS.clientRetryTicks() - 1));
    assertEquals(9, sent(ticks(1), ClientRequest.class).size(), "and again while nothing moves");
  }

  @Test
  void progressRestartsTheRetryTimer() {
    client.start();
    ticks(SETTINGS.clientRetryTicks() - 1);
    client.handle(new ClientReply(ME, 1, 0));

    assertEquals(List.of(), ticks(SETTINGS.clientRetryTicks() - 1));
    assertEquals(List.of(2L, 2L, 2L, 3L, 3L, 3L, 4L, 4L, 4L), seqs(ticks(1)));
  }

  @Test
  void aReplyWithAHigherViewRedirectsLaterSends() {
    client.start();

    List<Effect> effects = client.handle(new ClientReply(ME, 1, 4));

    assertEquals(4, client.view());
    assertEquals(List.of(Address.learner(1)), recipients(effects, ClientRequest.class), "leader of view 4 is 1");
    List<Effect> afterStaleView = client.handle(new ClientReply(ME, 2, 2));
    assertEquals(List.of(Address.learner(1)), recipients(afterStaleView, ClientRequest.class),
        "an older view does not take it back");
  }

  @Test
  void isDoneOnceEveryLineIsAcknowledgedAndThenStaysQuiet() {
    client.start();
    client.handle(new ClientReply(ME, 3, 0));
    assertFalse(client.isDone());

    client.handle(new ClientReply(ME, 5, 0));

    assertTrue(client.isDone());
    assertEquals(5, client.acknowledged());
    assertEquals(List.of(), ticks(5 * SETTINGS.clientRetryTicks()));
    assertEquals(0, client.retries());
  }
}
