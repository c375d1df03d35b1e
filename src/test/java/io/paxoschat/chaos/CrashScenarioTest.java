package io.paxoschat.chaos;

import static io.paxoschat.chaos.Scenarios.assertEveryLineOnce;
import static io.paxoschat.chaos.Scenarios.assertNoViolation;
import static io.paxoschat.chaos.Scenarios.assertSettled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.paxoschat.paxos.ProtocolSettings;
import org.junit.jupiter.api.Test;

/** Replicas that crash: followers, leaders one after another up to f, more than f, one that never starts. */
class CrashScenarioTest {

  @Test
  void aFollowerCrashDoesNotCostTheLeaderItsView() {
    ChaosSimulation sim = Scenarios.quiet(2, 3, 3, 10, ProtocolSettings.defaults());
    sim.runFor(30);
    sim.crash(2, true);
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 10);
    assertEquals(0, sim.leader());
  }

  @Test
  void aCrashedLeaderIsReplaced() {
    for (int n : new int[] {3, 5}) {
      ChaosSimulation sim = Scenarios.quiet(3, n, 3, 20, ProtocolSettings.defaults());
      sim.runUntil(() -> sim.totalAcknowledged() >= 10, 5_000);
      int oldLeader = sim.leader();
      sim.crash(oldLeader, true);
      assertSettled(sim);
      assertEveryLineOnce(sim, 3, 20);
      assertNotEquals(oldLeader, sim.leader());
    }
  }

  @Test
  void fLeadersCrashOneAfterAnotherWithLinesInFlight() {
    ChaosSimulation sim = Scenarios.quiet(1, 5, 3, 20, Scenarios.QUICK);
    sim.runUntil(() -> sim.totalAcknowledged() >= 5, 5_000);
    sim.crash(0, true); // with lines in flight
    sim.runUntil(() -> sim.leader() >= 0, sim.now() + 5_000);
    assertEquals(1, sim.leader(), sim.status());
    sim.runFor(10);
    assertFalse(sim.allClientsDone(), "the second crash must come with lines still to order");
    sim.crash(1, true);
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 20);
    assertEquals(2, sim.leader(), sim.status());
  }

  @Test
  void theNextLeaderTakesOverWhenTheFirstNeverStarts() {
    ChaosSimulation sim = Scenarios.quiet(1, 3, 3, 6, Scenarios.QUICK);
    sim.crash(0, true); // before the run begins
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 6);
    assertEquals(1, sim.leader());
  }

  @Test
  void noProgressWithoutAMajorityThenProgressWhenItReturns() {
    ChaosSimulation sim = Scenarios.quiet(5, 3, 3, 20, ProtocolSettings.defaults());
    sim.runUntil(() -> sim.totalAcknowledged() >= 5, 5_000);
    sim.crash(1, false);
    sim.crash(2, false); // two of three down: more than f
    sim.runFor(200); // what was in flight lands
    long executed = sim.longestLog();
    long acknowledged = sim.totalAcknowledged();
    sim.runFor(5_000);
    assertEquals(executed, sim.longestLog(), "a slot was decided without a majority");
    assertEquals(acknowledged, sim.totalAcknowledged());
    assertNoViolation(sim);

    sim.restart(1); // a majority again, replica 1 rebuilt from its acceptor's records
    assertSettled(sim);
    sim.restart(2);
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 20);
  }
}
