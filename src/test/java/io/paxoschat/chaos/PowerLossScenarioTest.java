package io.paxoschat.chaos;

import static io.paxoschat.chaos.Scenarios.assertEveryLineOnce;
import static io.paxoschat.chaos.Scenarios.assertSettled;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.AcceptorRecord;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.ExecutedPrefix;
import io.paxoschat.paxos.Message;
import io.paxoschat.paxos.ProtocolSettings;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every replica loses power at once: each keeps what its acceptor log made durable and, of its
 * chat log, what an fsync covered plus some random part of the rest. Compaction must have
 * pruned only what a majority's chat logs held durably, or acknowledged lines are gone.
 */
class PowerLossScenarioTest {

  private static final int CLIENTS = 2;
  private static final int LINES = 60;
  private static final int SEEDS = 20;
  /**
   * The chat logs are fsynced every 300 ms of virtual time. The clients' last line is
   * acknowledged some 420 ms in (32 slots), the power goes 120 ms later: the sync at 300 ms
   * covered about two thirds of the slots, and the compaction point has caught up with what the
   * learners reported. As of this test the core pruned something on 19 of the 20 seeds, and
   * the planted bug lost lines on all 20.
   */
  private static final ProtocolSettings RARE_SYNCS = Scenarios.QUICK.toBuilder().chatLogSyncTicks(30).build();

  @Test
  void everyAcknowledgedLineSurvivesAPowerLossOfTheWholeCluster() {
    long seedsThatPruned = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      PruneWatch watch = new PruneWatch(RoleFactory.core());
      ChaosSimulation sim = losePowerAfterTheLastLine(seed, watch);
      seedsThatPruned += watch.highestPrune > 0 ? 1 : 0;
      assertSettled(sim);
      assertEveryLineOnce(sim, CLIENTS, LINES);
    }
    assertTrue(seedsThatPruned > 0, "no seed compacted anything before the power went: the test shows nothing");
  }

  @Test
  void aLearnerThatClaimsDurabilityBeforeTheFsyncLosesLines() {
    int caught = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      ChaosSimulation sim = losePowerAfterTheLastLine(seed, PlantedBugs.learnerClaimsDurabilityBeforeTheFsync());
      boolean settled = sim.runUntilSettled(Scenarios.SETTLE_BOUND);
      if (!settled || sim.violation().isPresent() || !everyLineOnce(sim)) {
        caught++;
      }
    }
    assertTrue(caught > 0, "the planted bug went unnoticed on all " + SEEDS + " seeds");
  }

  /** Every replica crashes at once 120 ms after the clients' last acknowledgement, and restarts. */
  private static ChaosSimulation losePowerAfterTheLastLine(long seed, RoleFactory roles) {
    ChaosSimulation sim = new ChaosSimulation(
        SimulationSetup.quiet(seed, 3, CLIENTS, LINES).withSettings(RARE_SYNCS).withRoles(roles));
    assertTrue(sim.runUntil(sim::allClientsDone, 20_000), sim.status());
    sim.runFor(120); // the last progress reports and compaction point go round with the heartbeats
    for (int replica = 0; replica < 3; replica++) {
      sim.crash(replica, false);
    }
    for (int replica = 0; replica < 3; replica++) {
      sim.restart(replica);
    }
    return sim;
  }

  private static boolean everyLineOnce(ChaosSimulation sim) {
    try {
      assertEveryLineOnce(sim, CLIENTS, LINES);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** The given roles, noting the highest compaction point any acceptor was told before a restart. */
  private static final class PruneWatch implements RoleFactory {
    private final RoleFactory inner;
    long highestPrune;

    PruneWatch(RoleFactory inner) {
      this.inner = inner;
    }

    @Override
    public ProtocolRole acceptor(int id) {
      ProtocolRole acceptor = inner.acceptor(id);
      return new ProtocolRole() {
        @Override
        public List<Effect> start() {
          return acceptor.start();
        }

        @Override
        public List<Effect> handle(Message message) {
          if (message instanceof AcceptorMessage.Prune prune) {
            highestPrune = Math.max(highestPrune, prune.belowSlot());
          }
          return acceptor.handle(message);
        }
      };
    }

    @Override
    public ProtocolRole proposer(int id, int replicaCount, ProtocolSettings settings, Random random, long skipSlot) {
      return inner.proposer(id, replicaCount, settings, random, skipSlot);
    }

    @Override
    public ProtocolRole learner(int id, int replicaCount, ProtocolSettings settings) {
      return inner.learner(id, replicaCount, settings);
    }

    @Override
    public RestartedRoles restart(int id, int replicaCount, ProtocolSettings settings, Random random,
        List<AcceptorRecord> acceptorRecords, ExecutedPrefix chatLog) {
      return inner.restart(id, replicaCount, settings, random, acceptorRecords, chatLog);
    }
  }
}
