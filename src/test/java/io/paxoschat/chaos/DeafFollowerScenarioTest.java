package io.paxoschat.chaos;

import static io.paxoschat.chaos.Scenarios.assertEveryLineOnce;
import static io.paxoschat.chaos.Scenarios.assertNoViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ProtocolSettings;
import org.junit.jupiter.api.Test;

/**
 * A follower that cannot hear its leader while the leader hears it, and every other link works.
 * Seen across processes on f = 2: a replica restarted during a run stopped hearing the leader and
 * voted alone for view after view, since the others heard the leader and did not join, and it never
 * learned the slots decided after that. Here the link from the leader to the follower is cut in the
 * deterministic driver and stays cut: the follower must still learn every decided slot, from the
 * replicas that hear the leader, and the cluster must not change leaders over it.
 */
class DeafFollowerScenarioTest {

  private static final int REPLICAS = 5;
  private static final int CLIENTS = 3;
  private static final int LINES = 300;


  @Test
  void withShortTimeoutsAFollowerThatCannotHearTheLeaderStillLearnsEverySlot() {
    deafFollowerLearnsEverySlot(Scenarios.QUICK);
  }

  @Test
  void withTheTimingOfProcessesAFollowerThatCannotHearTheLeaderStillLearnsEverySlot() {
    deafFollowerLearnsEverySlot(Scenarios.PROCESS_TIMING);
  }

  private static void deafFollowerLearnsEverySlot(ProtocolSettings settings) {
    for (long seed = 1; seed <= 10; seed++) {
      ChaosSimulation sim = Scenarios.quiet(seed, REPLICAS, CLIENTS, LINES, settings);
      sim.runUntil(() -> sim.totalAcknowledged() >= 20, 10_000);
      assertEquals(0, sim.leader(), "seed " + seed + ": replica 0 leads view 0");
      long viewAtCut = sim.leaderView();
      sim.network().cutLink(0, 1); // for good: replica 1 never hears replica 0 again

      boolean settled = sim.runUntilSettled(120_000);
      assertNoViolation(sim);
      assertTrue(settled, "seed " + seed + ": the deaf follower did not catch up; " + sim.status());
      assertEveryLineOnce(sim, CLIENTS, LINES);
      assertEquals(0, sim.leader(), "seed " + seed + ": the leader everybody else hears stays; " + sim.status());
      assertEquals(viewAtCut, sim.leaderView(), "seed " + seed + ": no view change over one deaf follower");
    }
  }
}
