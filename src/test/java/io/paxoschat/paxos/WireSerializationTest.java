package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.ClientMessage.ChatEntries;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.CatchUpRequest;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.ReadChat;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.FollowerProgress;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.LeaderAlive;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import io.paxoschat.remote.NodeHello;
import io.paxoschat.remote.WireSerializer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message that crosses a process boundary survives the serializer application.conf
 * binds (the hand-written wire format), and Jackson CBOR too, which stays usable for
 * comparison (bin/bench-wire).
 */
class WireSerializationTest {

  // The testkit's default config would not load application.conf, which binds WireMessage.
  private static final ActorTestKit bound = ActorTestKit.create(ConfigFactory.load());
  private static final ActorTestKit cbor = ActorTestKit.create(ConfigFactory.parseString(
      "pekko.actor.serialization-bindings.\"io.paxoschat.paxos.WireMessage\" = jackson-cbor")
      .withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    bound.shutdownTestKit();
    cbor.shutdownTestKit();
  }

  static List<WireMessage> messages() {
    Ballot ballot = new Ballot(3, 1);
    ChatLine line = new ChatLine(2, 7, "  héllo, wörld — 🙂 ");
    return List.of(
        new Prepare(ballot, 12),
        new Accept(ballot, 12, Command.Batch.of(line)),
        new Accept(ballot, 13, Command.Noop.INSTANCE),
        new Accept(new Ballot(Long.MAX_VALUE, Integer.MAX_VALUE), Long.MIN_VALUE, Command.Batch.of(
            new ChatLine(Integer.MIN_VALUE, Long.MAX_VALUE, ""), new ChatLine(-1, -1, "x".repeat(70_000)))),
        new Promise(ballot, 4, List.of(new PValue(12, ballot, Command.Batch.of(line)), new PValue(13, Ballot.NONE, Command.Noop.INSTANCE))),
        new Accepted(ballot, 4, 12),
        new Rejected(ballot, 2),
        new Rejected(Ballot.NONE, 0),
        new Heartbeat(ballot, 99),
        new Heartbeat(ballot, 99, 40, 105),
        new Promise(ballot, 4, 0, List.of(new PValue(41, ballot, Command.Batch.of(line))), Promise.COMPLETE, 40),
        new Promise(ballot, 4, 0, List.of(), Promise.COMPLETE, 0),
        new FollowerProgress(3, 77),
        new ViewChangeVote(4, 3),
        new LeaderAlive(ballot, 99, 40, 2),
        new Decision(12, Command.Batch.of(line, new ChatLine(0, 1, "tab-free\u00a0text"))),
        new Decision(13, Command.Noop.INSTANCE),
        new LearnerMessage.Chosen(new Ballot(7, 2), 14),
        new AcceptorMessage.FloorQuery(2, -7_000_000_000L),
        new ProposerMessage.FloorAnswer(1, -1, 3),
        new ProposerMessage.FloorAnswer(0, 178, Long.MIN_VALUE),
        new Promise(ballot, 4, 10, List.of(new PValue(10, ballot, Command.Batch.of(line))), 11, 0),
        ClientRequest.of(line),
        ClientRequest.of(line, new ChatLine(2, 8, "日本語のテキスト")),
        new CatchUpRequest(1, 40),
        new CatchUpReply(List.of(new Decision(40, Command.Batch.of(line)), new Decision(41, Command.Noop.INSTANCE))),
        new CatchUpReply(List.of()),
        new ClientReply(2, -1, 7, -1, 0, 3),
        new ClientReply(2, 40, 7, 61, 5, 3),
        new ClientMessage.SessionOpened(2, 1_700_000_000_000_123L, 40, 6, 9),
        new ClientMessage.SessionClosed(2, 40, 6),
        new LearnerMessage.SessionRequest(new Command.OpenSession(2, 1_700_000_000_000_123L), true),
        LearnerMessage.SessionRequest.close(2, 40),
        new Decision(40, new Command.OpenSession(2, 1_700_000_000_000_123L)),
        new Decision(41, new Command.CloseSession(2, 40)),
        ClientRequest.of(new ChatLine(2, 40, 7, "a line of session 40")),
        new ReadChat(2, 40, 256),
        new ChatEntries(1, 40, 43, 7, List.of(new ChatEntry(40, line), new ChatEntry(42, line))),
        new ChatEntries(1, 0, 0, 0, List.of()),
        new NodeHello(true, false),
        new NodeHello(false, true));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void roundTripsThroughTheBoundSerializer(WireMessage message) {
    assertInstanceOf(WireSerializer.class, SerializationExtension.get(bound.system()).findSerializerFor(message));
    bound.serializationTestKit().verifySerialization(message, true);
  }

  @ParameterizedTest
  @MethodSource("messages")
  void roundTripsThroughJacksonCbor(WireMessage message) {
    assertEquals("org.apache.pekko.serialization.jackson.JacksonCborSerializer",
        SerializationExtension.get(cbor.system()).findSerializerFor(message).getClass().getName());
    cbor.serializationTestKit().verifySerialization(message, true);
  }

  /** A new wire message without a sample here (and so, untested, perhaps without a codec) fails the build. */
  @Test
  void theSamplesCoverEveryWireMessage() {
    Set<String> sampled = messages().stream().map(m -> m.getClass().getName()).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(wireMessageTypes(), sampled);
  }

  /**
   * Every record of the roles' sealed protocols that may cross the wire, and the remote layer's
   * own greeting, which no sealed protocol can hold (it lives in another package).
   */
  static Set<String> wireMessageTypes() {
    Set<String> found = new TreeSet<>();
    found.add(NodeHello.class.getName());
    Deque<Class<?>> pending = new ArrayDeque<>(List.of(Message.class));
    while (!pending.isEmpty()) {
      Class<?> type = pending.pop();
      if (type.isSealed()) {
        pending.addAll(List.of(type.getPermittedSubclasses()));
      } else if (WireMessage.class.isAssignableFrom(type)) {
        found.add(type.getName());
      }
    }
    return found;
  }
}
