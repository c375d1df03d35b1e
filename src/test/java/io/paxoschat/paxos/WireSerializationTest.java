package io.paxoschat.paxos;

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
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message that crosses a process boundary survives the real serializer (Jackson CBOR). */
class WireSerializationTest {

  // application.conf binds WireMessage to Jackson CBOR; the testkit's default config would not load it.
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static List<WireMessage> messages() {
    Ballot ballot = new Ballot(3, 1);
    ChatLine line = new ChatLine(2, 7, "  héllo, wörld — 🙂 ");
    return List.of(
        new Prepare(ballot, 12),
        new Accept(ballot, 12, Command.Batch.of(line)),
        new Accept(ballot, 13, Command.Noop.INSTANCE),
        new Promise(ballot, 4, List.of(new PValue(12, ballot, Command.Batch.of(line)), new PValue(13, Ballot.NONE, Command.Noop.INSTANCE))),
        new Accepted(ballot, 4, 12),
        new Rejected(ballot, 2),
        new Heartbeat(ballot, 99),
        new Heartbeat(ballot, 99, 40, 105),
        new Promise(ballot, 4, 0, List.of(new PValue(41, ballot, Command.Batch.of(line))), Promise.COMPLETE, 40),
        new FollowerProgress(3, 77),
        new ViewChangeVote(4, 3),
        new Decision(12, Command.Batch.of(line, new ChatLine(0, 1, "tab-free\u00a0text"))),
        new Promise(ballot, 4, 10, List.of(new PValue(10, ballot, Command.Batch.of(line))), 11, 0),
        ClientRequest.of(line),
        new CatchUpRequest(1, 40),
        new CatchUpReply(List.of(new Decision(40, Command.Batch.of(line)), new Decision(41, Command.Noop.INSTANCE))),
        new ClientReply(2, 7, 3),
        new ReadChat(2, 40, 256),
        new ChatEntries(1, 40, 43, 7, List.of(new ChatEntry(40, line), new ChatEntry(42, line))),
        new ChatEntries(1, 0, 0, 0, List.of()));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void roundTripsThroughJacksonCbor(WireMessage message) {
    testKit.serializationTestKit().verifySerialization(message, true);
  }
}
