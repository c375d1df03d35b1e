package io.paxoschat.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Client;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.Message;
import io.paxoschat.paxos.ProtocolSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.junit.jupiter.api.Test;

/**
 * The client actor run synchronously: each timer tick is delivered by hand, so "no retry before
 * the retry interval" is checked after exactly that many ticks, not by listening for a while.
 */
class ClientActorTest {

  private static final int REPLICAS = 3;
  private static final int CLIENT = 4;
  private static final Duration TICK = Duration.ofMillis(10);
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(10, 15).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(5).clientWindow(8).build();
  private static final long SESSION = 0;
  private static final ClientRequest BOTH =
      new ClientRequest(CLIENT, List.of(new ChatLine(CLIENT, SESSION, 1, "hello"), new ChatLine(CLIENT, SESSION, 2, "world")));

  private record Sent(Address to, Message message) {}

  /** What the client sent since the last call. */
  private static List<Sent> take(List<Sent> sent) {
    List<Sent> taken = List.copyOf(sent);
    sent.clear();
    return taken;
  }

  private static void ticks(BehaviorTestKit<ClientMessage> client, long count) {
    for (long i = 0; i < count; i++) {
      client.run(ClientMessage.Tick.INSTANCE);
    }
  }

  @Test
  void anUnacknowledgedClientRetriesToTheLeaderThenTheNextLearnerAndStopsOnceAcknowledged() {
    List<Sent> sent = new ArrayList<>();
    Directory directory = (to, message) -> sent.add(new Sent(to, message));
    ClientStatus status = new ClientStatus(CLIENT, 2);
    Client client = new Client(CLIENT, REPLICAS, SETTINGS, List.of("hello", "world"));
    BehaviorTestKit<ClientMessage> actor = BehaviorTestKit.create(ClientActor.create(client, directory, TICK, status));

    // It opens its session as it starts: from here on time counts for it.
    assertEquals(List.of(new Sent(Address.learner(0), LearnerMessage.SessionRequest.open(CLIENT, 1))),
        take(sent));
    actor.run(new ClientMessage.SessionOpened(CLIENT, 1, SESSION, 0, 0));
    assertEquals(List.of(new Sent(Address.learner(0), BOTH)), take(sent));

    ticks(actor, SETTINGS.clientRetryTicks() - 1);
    assertEquals(List.of(), take(sent), "no retry before the retry interval");

    ticks(actor, 1);
    assertEquals(List.of(new Sent(Address.learner(0), BOTH)), take(sent),
        "the unacknowledged lines, to the leader it believes in");
    ticks(actor, SETTINGS.clientRetryTicks());
    assertEquals(List.of(new Sent(Address.learner(1), BOTH)), take(sent), "then to the next replica, not to all at once");
    assertEquals(2, status.retries());

    actor.run(new ClientReply(CLIENT, SESSION, 2, -1, 0, 0));
    assertTrue(status.done());
    ticks(actor, 4L * SETTINGS.clientRetryTicks());
    assertEquals(List.of(), take(sent), "nothing once acknowledged");
    assertEquals(2, status.retries());
  }

  @Test
  void aLineHandedOverIsTimedFromItsHandOverNotItsSend() {
    List<Sent> sent = new ArrayList<>();
    Directory directory = (to, message) -> sent.add(new Sent(to, message));
    int lines = SETTINGS.clientWindow() + 2;
    ClientStatus status = new ClientStatus(CLIENT, lines);
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    Client client = new Client(CLIENT, REPLICAS, SETTINGS, List.of());
    BehaviorTestKit<ClientMessage> actor = BehaviorTestKit.create(
        ClientActor.create(client, null, null, directory, TICK, status, clock::get));
    actor.run(new ClientMessage.SessionOpened(CLIENT, 1, SESSION, 0, 0));
    take(sent);

    // Handed over one at a time and together (as --rate does): the first goes at once, the rest
    // wait for its reply, then the window (8) takes what it can and the last waits again.
    for (int i = 1; i <= 4; i++) {
      actor.run(new ClientMessage.Submit("line " + i));
    }
    actor.run(new ClientMessage.SubmitAll(java.util.stream.IntStream.rangeClosed(5, lines)
        .mapToObj(i -> "line " + i).toList()));
    assertEquals(1, sentLines(take(sent)));

    clock.addAndGet(100_000_000L);
    actor.run(new ClientReply(CLIENT, SESSION, 1, -1, 0, 0));
    assertEquals(SETTINGS.clientWindow(), sentLines(take(sent)), "lines 2-9 go out once line 1 is answered");
    clock.addAndGet(50_000_000L);
    actor.run(new ClientReply(CLIENT, SESSION, 9, -1, 0, 0));
    assertEquals(1, sentLines(take(sent)), "and line 10 once those are");
    clock.addAndGet(50_000_000L);
    actor.run(new ClientReply(CLIENT, SESSION, lines, -1, 0, 0));

    assertTrue(status.done());
    Histogram latencies = status.commitLatencies();
    assertEquals(lines, latencies.getTotalCount());
    assertEquals(1, latencies.getCountBetweenValues(99_000_000L, 101_000_000L));
    assertEquals(SETTINGS.clientWindow(), latencies.getCountBetweenValues(149_000_000L, 151_000_000L),
        "lines 2-9 count their wait: 150 ms from their hand-over, not the 50 ms since their send");
    assertEquals(1, latencies.getCountBetweenValues(199_000_000L, 201_000_000L), "line 10: 200 ms, not 50");
  }

  @Test
  void aRetryKeepsTheTimeItsLineWasHandedOver() {
    List<Sent> sent = new ArrayList<>();
    Directory directory = (to, message) -> sent.add(new Sent(to, message));
    ClientStatus status = new ClientStatus(CLIENT, 1);
    AtomicLong clock = new AtomicLong(0);
    Client client = new Client(CLIENT, REPLICAS, SETTINGS, List.of());
    BehaviorTestKit<ClientMessage> actor = BehaviorTestKit.create(
        ClientActor.create(client, null, null, directory, TICK, status, clock::get));
    actor.run(new ClientMessage.SessionOpened(CLIENT, 1, SESSION, 0, 0));
    actor.run(new ClientMessage.Submit("hello"));
    ticks(actor, SETTINGS.clientRetryTicks());
    assertEquals(1, status.retries());
    clock.addAndGet(70_000_000L);
    actor.run(new ClientReply(CLIENT, SESSION, 1, -1, 0, 0));

    Histogram latencies = status.commitLatencies();
    assertEquals(1, latencies.getTotalCount());
    assertEquals(70_000_000L, latencies.getMaxValue(), 100_000L);
  }

  @Test
  void theWarmUpsLinesAreTimedApartAndTheRunStartsAfterThem() {
    List<Sent> sent = new ArrayList<>();
    Directory directory = (to, message) -> sent.add(new Sent(to, message));
    ClientStatus status = new ClientStatus(CLIENT, 3, false, 2);
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    Client client = new Client(CLIENT, REPLICAS, SETTINGS, List.of());
    BehaviorTestKit<ClientMessage> actor = BehaviorTestKit.create(
        ClientActor.create(client, null, null, directory, TICK, status, clock::get));
    actor.run(new ClientMessage.SessionOpened(CLIENT, 1, SESSION, 0, 0));

    actor.run(new ClientMessage.SubmitAll(List.of("warm 1", "warm 2")));
    assertEquals(-1, status.firstSentAtNanos(), "the warm-up's sends do not start the timed run");
    clock.addAndGet(300_000_000L);
    actor.run(new ClientReply(CLIENT, SESSION, 2, -1, 0, 0));
    clock.addAndGet(10_000_000L);
    actor.run(new ClientMessage.Submit("timed"));
    assertEquals(1_310_000_000L, status.firstSentAtNanos(), "the first line after the warm-up starts it");
    clock.addAndGet(20_000_000L);
    actor.run(new ClientReply(CLIENT, SESSION, 3, -1, 0, 0));

    Histogram timed = status.commitLatencies();
    assertEquals(1, timed.getTotalCount(), "only line 3 is timed");
    assertEquals(20_000_000L, timed.getMaxValue(), 100_000L);
    Histogram warmUp = status.warmUpLatencies();
    assertEquals(2, warmUp.getTotalCount(), "lines 1 and 2 are the warm-up");
    assertEquals(300_000_000L, warmUp.getMinValue(), 1_000_000L);
  }

  @Test
  void pacedLinesGoWithTheNextReplyAndAreTimedFromWhenTheyFellDue() {
    List<Sent> sent = new ArrayList<>();
    Directory directory = (to, message) -> sent.add(new Sent(to, message));
    int lines = SETTINGS.clientWindow() + 2;
    ClientStatus status = new ClientStatus(CLIENT, lines);
    long ms = 1_000_000L;
    long start = 1_000 * ms;
    AtomicLong clock = new AtomicLong(start);
    PacedLines paced = new PacedLines(
        java.util.stream.IntStream.rangeClosed(1, lines).mapToObj(i -> "line " + i).toList(), 1000);
    Client client = new Client(CLIENT, REPLICAS, SETTINGS, List.of());
    BehaviorTestKit<ClientMessage> actor = BehaviorTestKit.create(
        ClientActor.create(client, null, null, directory, TICK, status, paced, clock::get));
    assertFalse(paced.started(), "the pace starts once the client has joined");
    actor.run(new ClientMessage.SessionOpened(CLIENT, 1, SESSION, 0, 0));
    take(sent);
    assertTrue(paced.started());
    assertTrue(status.waitingForLines(), "its session is open and nothing is in flight");

    actor.run(ClientMessage.LinesDue.INSTANCE);
    assertEquals(List.of("line 1"), sentTexts(take(sent)), "the line due at the start goes at once");
    assertFalse(status.waitingForLines());

    clock.addAndGet(5 * ms);
    ticks(actor, 1);
    assertEquals(List.of(), take(sent), "lines 2-6 fell due, but line 1 is in flight: they wait for its reply");
    clock.addAndGet(5 * ms);
    actor.run(new ClientReply(CLIENT, SESSION, 1, -1, 0, 0));
    assertEquals(java.util.stream.IntStream.rangeClosed(2, 9).mapToObj(i -> "line " + i).toList(),
        sentTexts(take(sent)), "the reply sends what fell due by then (lines 2-10), as far as the window (8) goes");
    clock.addAndGet(20 * ms);
    actor.run(new ClientReply(CLIENT, SESSION, 9, -1, 0, 0));
    assertEquals(List.of("line 10"), sentTexts(take(sent)));
    clock.addAndGet(10 * ms);
    actor.run(new ClientReply(CLIENT, SESSION, lines, -1, 0, 0));
    assertTrue(status.done());
    assertEquals(lines, paced.taken());

    Histogram latencies = status.commitLatencies();
    assertEquals(lines, latencies.getTotalCount());
    assertEquals(1, latencies.getCountBetweenValues(10 * ms - ms / 10, 10 * ms + ms / 10), "line 1: due at 0, acknowledged at 10 ms");
    for (int line = 2; line <= 9; line++) {
      long latency = (30 - (line - 1)) * ms; // due at line - 1 ms, acknowledged at 30 ms
      assertEquals(1, latencies.getCountBetweenValues(latency - ms / 10, latency + ms / 10),
          "line " + line + " is timed from when it fell due, not from when it was sent");
    }
    assertEquals(1, latencies.getCountBetweenValues(31 * ms - ms / 10, 31 * ms + ms / 10), "line 10: due at 9 ms, acknowledged at 40");
  }

  private static List<String> sentTexts(List<Sent> sent) {
    return sent.stream().flatMap(s -> ((ClientRequest) s.message()).lines().stream()).map(ChatLine::text).toList();
  }

  private static int sentLines(List<Sent> sent) {
    return sent.stream().mapToInt(s -> ((ClientRequest) s.message()).lines().size()).sum();
  }
}
