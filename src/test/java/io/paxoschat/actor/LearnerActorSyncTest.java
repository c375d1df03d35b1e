package io.paxoschat.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Learner;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.ProposerMessage.LearnerProgress;
import io.paxoschat.paxos.ProtocolSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A learner whose chat log must be fsynced reports it durable only once the fsync is done. */
class LearnerActorSyncTest {

  private static final ActorTestKit testKit = ActorTestKit.create("LearnerActorSyncTest", ConfigFactory.load());
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(10, 15).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(30).clientWindow(8).build();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Records executions; its fsync waits until the test lets it finish. */
  private static final class BlockingSyncSink implements ExecutionSink {
    final RecordingSink executed = new RecordingSink();
    final CountDownLatch fsyncStarted = new CountDownLatch(1);
    final CountDownLatch fsyncMayFinish = new CountDownLatch(1);

    @Override
    public void executed(long slot, Command command) {
      executed.executed(slot, command);
    }

    /** Slots flushed so far, and slots a finished fsync covered: what a progress report may claim. */
    volatile long flushed;
    volatile long durable;

    @Override
    public void flush() {
      flushed = executed.executed().size();
    }

    @Override
    public void close() {}

    @Override
    public boolean needsForce() {
      return true;
    }

    @Override
    public void force() {
      long covering = flushed;
      fsyncStarted.countDown();
      try {
        fsyncMayFinish.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      durable = covering;
    }
  }

  @Test
  void durabilityIsReportedOnlyOnceTheFsyncIsDoneWhileExecutionGoesOn() throws Exception {
    TestProbe<ProposerMessage> proposer = testKit.createTestProbe();
    BlockingSyncSink sink = new BlockingSyncSink();
    List<LearnerProgress> claimedTooEarly = new CopyOnWriteArrayList<>();
    Directory directory = (to, message) -> {
      // Checked as the report leaves, not by listening for silence for a while.
      if (message instanceof LearnerProgress progress && progress.durableUpTo() > sink.durable) {
        claimedTooEarly.add(progress);
      }
      if (to.equals(Address.proposer(0))) {
        proposer.ref().tell((ProposerMessage) message);
      }
    };
    ActorRef<LearnerMessage> learner = testKit.spawn(LearnerActor.create(
        new Learner(0, 3, SETTINGS), directory, sink, Duration.ofMillis(5), new ReplicaStatus(0)));

    learner.tell(new Decision(0, Command.Noop.INSTANCE));
    learner.tell(new Decision(1, Command.Noop.INSTANCE));
    // chat-log-sync-ticks later a tick flushes them and starts the fsync, which the sink holds.
    sink.fsyncStarted.await(10, TimeUnit.SECONDS);
    learner.tell(new Decision(2, Command.Noop.INSTANCE));
    // Execution is reported while the fsync is still held: the proposer need not wait for the disk.
    proposer.fishForMessage(Duration.ofSeconds(10), message ->
        message instanceof LearnerProgress progress && progress.executedUpTo() == 3
            ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());

    sink.fsyncMayFinish.countDown();

    // The first fsync covered 2 slots, a second one (chat-log-sync-ticks after the first) all 3.
    // No report ever claims more than a finished fsync covered.
    proposer.fishForMessage(Duration.ofSeconds(10), message ->
        message instanceof LearnerProgress progress && progress.durableUpTo() == 3
            ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    assertEquals(List.of(), claimedTooEarly, "durability reported beyond what a finished fsync covered");
    testKit.stop(learner);
  }
}
