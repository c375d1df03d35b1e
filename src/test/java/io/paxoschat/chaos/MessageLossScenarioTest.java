package io.paxoschat.chaos;

import static io.paxoschat.chaos.Scenarios.assertEveryLineOnce;
import static io.paxoschat.chaos.Scenarios.assertNoViolation;
import static io.paxoschat.chaos.Scenarios.assertSettled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProtocolSettings;
import org.junit.jupiter.api.Test;

/** Messages lost, duplicated or late: one at a time by script, or at a rate with crashes besides. */
class MessageLossScenarioTest {

  /**
   * Replica 2 is down; leader 0 decides slot 0, but its Decision reaches no learner, its own
   * included. Later slots are decided and delivered, so both live learners wait on slot 0: no
   * peer has it, and the retry votes of one follower are no majority for a new view. The leader
   * must still get slot 0 to them.
   */
  @Test
  void aDecisionLostToEveryLearnerIsRecoveredWhileTheLeaderLives() {
    ChaosSimulation sim = Scenarios.quiet(1, 3, 1, 3, Scenarios.QUICK);
    sim.crash(2, true); // before the run begins
    sim.network().setRule((from, to, message) ->
        message instanceof Decision decision && decision.slot() == 0 ? new long[0] : null);
    sim.runFor(50);
    sim.network().setRule(null); // the network is reliable again
    assertSettled(sim);
    assertEveryLineOnce(sim, 1, 3);
    assertEquals(0, sim.leader(), "recovered without a view change");
  }

  @Test
  void manyClientsOnASlightlyLossyNetwork() {
    ChaosSimulation sim = Scenarios.quiet(6, 5, 40, 8, ProtocolSettings.defaults());
    sim.network().setConditions(0.05, 0.02, 5, 0, 0);
    assertSettled(sim);
    assertEveryLineOnce(sim, 40, 8);
  }

  @Test
  void lossAndDuplicatesWhileTwoReplicasAtATimeCrashAndRestart() {
    ChaosSimulation sim = Scenarios.quiet(8, 5, 3, 30, ProtocolSettings.defaults());
    sim.network().setConditions(0.3, 0.1, 20, 0.05, 300);
    for (int round = 0; round < 12; round++) {
      int victim = round % 5;
      int partner = (round + 2) % 5;
      sim.scheduleAction(250L + round * 400, "churn", () -> {
        sim.crash(victim, false);
        sim.crash(partner, false); // two down at once: f for five replicas
      });
      sim.scheduleAction(250L + round * 400 + 300, "churn back", () -> {
        sim.restart(victim);
        sim.restart(partner);
      });
    }
    sim.runFor(5_200);
    sim.network().setConditions(0, 0, 5, 0, 0);
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 30);
    assertTrue(sim.faults().get(FaultKind.CRASH) >= 24);
    assertTrue(sim.faults().get(FaultKind.LOSS) > 100);
  }

  @Test
  void duplicatedAndLatePromisesCountEachAcceptorOnce() {
    ChaosSimulation sim = twoAcceptorsOfFiveAnsweringTwice(RoleFactory.core());
    assertEquals(0, sim.longestLog(), "a slot was decided by two acceptors of five");
    assertEquals(0, sim.totalAcknowledged());
    assertNoViolation(sim);

    sim.restart(2); // three acceptors: a majority, still with every answer doubled
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 10);
  }

  @Test
  void theDuplicateScenarioCatchesAProposerThatCountsAnAnswerTwice() {
    ChaosSimulation sim = twoAcceptorsOfFiveAnsweringTwice(PlantedBugs.proposerCountsRepeatedAnswers());
    assertTrue(sim.longestLog() > 0, "the planted bug went unnoticed");
  }

  private static ChaosSimulation twoAcceptorsOfFiveAnsweringTwice(RoleFactory roles) {
    ChaosSimulation sim = new ChaosSimulation(SimulationSetup.quiet(9, 5, 3, 10).withRoles(roles));
    // Every promise and every accepted arrives twice, the copy after the proposer already timed
    // out and sent its prepare or accept again.
    sim.network().setRule((from, to, message) ->
        message instanceof Promise || message instanceof Accepted ? new long[] {2, 150} : null);
    sim.crash(2, false);
    sim.crash(3, false);
    sim.crash(4, false);
    // Only acceptors 0 and 1 run: not a majority of five, however many times they answer.
    sim.runFor(3_000);
    return sim;
  }
}
