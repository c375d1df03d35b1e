package io.paxoschat.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.paxoschat.chatlog.ChatLogWriter;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Learner;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.CatchUpRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.ProtocolSettings;
import io.paxoschat.paxos.WireSize;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer that lags behind what the learner keeps in memory is served from the chat log, one message's worth at a time. */
class LearnerServesFromLogInChunksTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create("LearnerServesFromLogInChunksTest", ConfigFactory.load());
  private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults();
  private static final int SLOTS = 300;

  @TempDir Path dir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void catchUpFromTheLogStaysUnderTheByteBoundAndResumesWhereItStopped() throws Exception {
    String kib = "k".repeat(1024);
    try (ChatLogWriter writer = ChatLogWriter.create(dir, 0)) {
      for (int slot = 0; slot < SLOTS; slot++) {
        writer.append(slot, Command.Batch.of(new ChatLine(3, slot + 1, kib)));
      }
    }
    ChatLogWriter recovered = ChatLogWriter.recover(dir, 0);
    TestProbe<Object> peer = testKit.createTestProbe();
    Directory directory = (to, message) -> {
      if (to.equals(Address.learner(1))) {
        peer.ref().tell(message);
      }
    };
    // Recovered from its log, the learner keeps none of these slots in memory.
    Learner learner = Learner.recover(0, 3, SETTINGS, recovered.recovered().nextSlot(),
        recovered.recovered().lastExecutedSeq());
    ActorRef<LearnerMessage> actor = testKit.spawn(LearnerActor.create(
        learner, directory, new ChatLogSink(recovered), Duration.ofMillis(5), new ReplicaStatus(0)));

    long from = 0;
    int replies = 0;
    while (from < SLOTS) {
      actor.tell(new CatchUpRequest(1, from));
      CatchUpReply reply = peer.expectMessageClass(CatchUpReply.class, Duration.ofSeconds(10));
      int bytes = 0;
      for (Decision decision : reply.decisions()) {
        assertEquals(from, decision.slot(), "the reply runs on from the slot asked for");
        bytes += WireSize.of(decision.command());
        from++;
      }
      assertTrue(bytes <= SETTINGS.maxMessageBytes(), bytes + " bytes in one reply");
      replies++;
    }
    assertTrue(replies > 1, "300 KiB of lines take more than one reply");
  }
}
