package io.paxoschat.actor;

import io.paxoschat.paxos.Command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.paxoschat.paxos.Acceptor;
import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.AcceptorRecord;
import io.paxoschat.paxos.AcceptorRecord.AcceptedValue;
import io.paxoschat.paxos.AcceptorRecord.Promised;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.PValue;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.storage.AcceptorLog;
import io.paxoschat.storage.AcceptorRecordCodec;
import io.paxoschat.storage.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptor shell lets an answer go only once the record behind it is in the file. */
class AcceptorActorTest {

  private static final ActorTestKit testKit = ActorTestKit.create("AcceptorActorTest", ConfigFactory.load());

  @TempDir Path dir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** The whole records in the acceptor log right now (a record being appended is left out). */
  private List<AcceptorRecord> recordsOnDisk() throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(AcceptorLog.FILE_NAME)));
    List<AcceptorRecord> records = new ArrayList<>();
    int offset = 8; // the magic
    while (offset + 8 <= bytes.capacity()) {
      int length = bytes.getInt(offset);
      if (offset + 8 + length > bytes.capacity()) {
        break;
      }
      byte[] payload = new byte[length];
      bytes.get(offset + 8, payload);
      records.add(AcceptorRecordCodec.decode(payload));
      offset += 8 + length;
    }
    return records;
  }

  @Test
  void everyAnswerArrivesAfterItsRecordIsInTheFile() throws IOException {
    TestProbe<ProposerMessage> leader = testKit.createTestProbe();
    Directory directory = (to, message) -> {
      if (to.equals(Address.proposer(1))) {
        leader.ref().tell((ProposerMessage) message);
      }
    };
    AcceptorLog.Recovered opened = AcceptorLog.open(dir, Durability.FSYNC, 2);
    ReplicaStatus status = new ReplicaStatus(2);
    ActorRef<AcceptorMessage> acceptor = testKit.spawn(
        AcceptorActor.create(opened.acceptor(), opened.log(), 0, true, directory, status));
    Ballot ballot = Ballot.ofView(1, 3);

    acceptor.tell(new Prepare(ballot, 0));
    Promise promise = leader.expectMessageClass(Promise.class);
    assertEquals(ballot, promise.ballot());
    assertTrue(recordsOnDisk().contains(new Promised(ballot)), "the promise was on disk before it arrived");

    for (long slot = 0; slot < 100; slot++) {
      acceptor.tell(new Accept(ballot, slot, Command.Batch.of(new ChatLine(7, slot + 1, "line " + slot))));
    }
    for (long slot = 0; slot < 100; slot++) {
      Accepted accepted = leader.expectMessageClass(Accepted.class);
      assertEquals(slot, accepted.slot(), "answers leave in the order the messages came");
      PValue value = new PValue(slot, ballot, Command.Batch.of(new ChatLine(7, slot + 1, "line " + slot)));
      assertTrue(recordsOnDisk().contains(new AcceptedValue(value)), "slot " + slot + " was on disk before its answer");
    }
    testKit.stop(acceptor);
  }

  @Test
  void aRestartedAcceptorKeepsItsPromise() {
    TestProbe<ProposerMessage> leaders = testKit.createTestProbe();
    Directory directory = (to, message) -> leaders.ref().tell((ProposerMessage) message);
    AcceptorLog.Recovered opened = AcceptorLog.open(dir, Durability.FSYNC, 2);
    ActorRef<AcceptorMessage> first = testKit.spawn(
        AcceptorActor.create(opened.acceptor(), opened.log(), 0, true, directory, new ReplicaStatus(2)));
    first.tell(new Prepare(Ballot.ofView(5, 3), 0));
    leaders.expectMessageClass(Promise.class);
    testKit.stop(first);

    AcceptorLog.Recovered reopened = AcceptorLog.open(dir, Durability.FSYNC, 2);
    Acceptor recovered = reopened.acceptor();
    ActorRef<AcceptorMessage> second = testKit.spawn(
        AcceptorActor.create(recovered, reopened.log(), reopened.replay().records(), true, directory, new ReplicaStatus(2)));
    second.tell(new Prepare(Ballot.ofView(4, 3), 0));

    assertEquals(new ProposerMessage.Rejected(Ballot.ofView(5, 3), 2), leaders.expectMessageClass(ProposerMessage.Rejected.class));
    testKit.stop(second);
  }
}
