package io.paxoschat.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.chatlog.ChatLogWriter;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Learner;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.LearnerMessage.CatchUpRequest;
import io.paxoschat.paxos.ProtocolSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chat line the disk changed after it was written is never served to a lagging peer. */
class LearnerServesOnlyIntactLinesTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create("LearnerServesOnlyIntactLinesTest", ConfigFactory.load());
  private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults();

  @TempDir Path dir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aDamagedLineStopsTheReplicaInsteadOfReachingAPeer() throws Exception {
    try (ChatLogWriter writer = ChatLogWriter.create(dir, 0)) {
      for (int slot = 0; slot < 10; slot++) {
        writer.append(slot, Command.Batch.of(new ChatLine(3, slot + 1, "line " + slot)));
      }
    }
    ChatLogWriter recovered = ChatLogWriter.recover(dir, 0);
    Path file = ChatLogFiles.logFile(dir, 0);
    List<String> lines = Files.readAllLines(file);
    long offset = 0;
    for (int i = 0; i < 6; i++) {
      offset += lines.get(i).length() + 1;
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) offset + 9] ^= 0x01; // inside the text of slot 6, after the replica checked it
    Files.write(file, bytes);

    TestProbe<Object> peer = testKit.createTestProbe();
    Directory directory = (to, message) -> {
      if (to.equals(Address.learner(1))) {
        peer.ref().tell(message);
      }
    };
    ReplicaStatus status = new ReplicaStatus(0);
    Learner learner = Learner.recover(0, 3, SETTINGS, recovered.recovered().nextSlot(),
        recovered.recovered().lastExecutedSeq());
    ActorRef<LearnerMessage> actor = testKit.spawn(LearnerActor.create(
        learner, directory, new ChatLogSink(recovered), Duration.ofMillis(5), status));
    TestProbe<Object> watcher = testKit.createTestProbe();

    actor.tell(new CatchUpRequest(1, 0));

    watcher.expectTerminated(actor, Duration.ofSeconds(10));
    // A tell is enqueued before it returns, so whatever the learner sent before it stopped is
    // already with the peer: no need to listen for a while.
    peer.expectNoMessage(Duration.ZERO);
    assertNotNull(status.storageFailure());
    assertTrue(status.storageFailure().startsWith(file + ": the line at offset " + offset + " is bad (checksum"),
        status.storageFailure());
    assertEquals(true, status.crashed());
  }
}
