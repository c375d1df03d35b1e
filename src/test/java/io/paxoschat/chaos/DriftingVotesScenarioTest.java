package io.paxoschat.chaos;

import static io.paxoschat.chaos.Scenarios.assertEveryLineOnce;
import static io.paxoschat.chaos.Scenarios.assertNoViolation;
import static io.paxoschat.chaos.Scenarios.assertSettled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ProtocolSettings;
import org.junit.jupiter.api.Test;

/**
 * Votes that drift apart across replicas must still meet on one view. Seen across processes on
 * f = 2: the leader of a view could still send to two followers but heard nobody, and two other
 * replicas heard nothing from it. Those two voted on and on because the leader was silent; the two
 * that still got its heartbeats voted on and on because clients retried and nothing executed; each
 * pair climbed through views of its own, and no view gathered a majority. Here the same links are
 * cut in the deterministic driver, and stay cut: four replicas that hear each other are a majority,
 * so commits must resume among them without the network healing.
 */
class DriftingVotesScenarioTest {

  private static final int REPLICAS = 5;
  private static final int CLIENTS = 3;
  private static final int LINES = 400;


  @Test
  void withShortTimeoutsALeaderNobodyCanReachIsReplacedAlthoughTwoFollowersStillHearIt() {
    leaderNobodyCanReachIsReplaced(Scenarios.QUICK, 30_000);
  }

  @Test
  void withTheTimingOfProcessesALeaderNobodyCanReachIsReplacedAlthoughTwoFollowersStillHearIt() {
    leaderNobodyCanReachIsReplaced(Scenarios.PROCESS_TIMING, 120_000);
  }

  private static void leaderNobodyCanReachIsReplaced(ProtocolSettings settings, long resumeBound) {
    for (long seed = 1; seed <= 20; seed++) {
      ChaosSimulation sim = Scenarios.quiet(seed, REPLICAS, CLIENTS, LINES, settings);
      sim.runUntil(() -> sim.totalAcknowledged() >= 20, 10_000);
      int leader = sim.leader();
      assertEquals(0, leader, "seed " + seed + ": replica 0 leads view 0");
      // The leader hears nobody; it still reaches replicas 3 and 4, not 1 and 2.
      for (int other = 1; other < REPLICAS; other++) {
        sim.network().cutLink(other, leader);
      }
      sim.network().cutLink(leader, 1);
      sim.network().cutLink(leader, 2);
      long cutAt = sim.now();
      long acknowledgedAtCut = sim.totalAcknowledged();
      // The old leader decides nothing after the cut: a new leader's commits are what count.
      boolean resumed = sim.runUntil(() -> sim.leader() > 0 && sim.totalAcknowledged() > acknowledgedAtCut + 20,
          cutAt + resumeBound);
      assertNoViolation(sim);
      assertTrue(resumed, "seed " + seed + ": no commit within " + resumeBound + " ms of the cut; " + sim.status());

      sim.heal();
      assertSettled(sim);
      assertEveryLineOnce(sim, CLIENTS, LINES);
    }
  }
}
