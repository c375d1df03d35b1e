package io.paxoschat.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.ProtocolSettings;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.Promise;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scenarios every serious consensus test suite has, each one deterministic: a fixed seed,
 * faults scripted at fixed virtual times, and the invariant checker watching throughout.
 */
class ScenarioTest {

  private static final long SETTLE_BOUND = 20_000;

  @Test
  void basicAgreement() {
    ChaosSimulation sim = new ChaosSimulation(SimulationSetup.quiet(1, 3, 3, 10));
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 10);
    assertEquals(0, sim.leader(), "no fault, no view change");
  }

  @Test
  void followerFailure() {
    ChaosSimulation sim = new ChaosSimulation(SimulationSetup.quiet(2, 3, 3, 10));
    sim.runFor(30);
    sim.crash(2, true);
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 10);
    assertEquals(0, sim.leader(), "a follower's crash must not cost the leader its view");
  }

  @Test
  void leaderFailure() {
    for (int n : new int[] {3, 5}) {
      ChaosSimulation sim = new ChaosSimulation(SimulationSetup.quiet(3, n, 3, 20));
      sim.runUntil(() -> sim.totalAcknowledged() >= 10, 5_000);
      int oldLeader = sim.leader();
      sim.crash(oldLeader, true);
      assertSettled(sim);
      assertEveryLineOnce(sim, 3, 20);
      assertNotEquals(oldLeader, sim.leader());
    }
  }

  @Test
  void leadersFailOneAfterAnotherUpToF() {
    ChaosSimulation sim = new ChaosSimulation(SimulationSetup.quiet(4, 5, 3, 20));
    for (int crashed = 0; crashed < 2; crashed++) {
      long target = sim.totalAcknowledged() + 10;
      sim.runUntil(() -> sim.totalAcknowledged() >= target && sim.leader() >= 0, 10_000);
      sim.crash(sim.leader(), true);
    }
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 20);
  }

  @Test
  void noProgressWithoutAMajorityThenProgressWhenItReturns() {
    ChaosSimulation sim = new ChaosSimulation(SimulationSetup.quiet(5, 3, 3, 20));
    sim.runUntil(() -> sim.totalAcknowledged() >= 5, 5_000);
    sim.crash(1, false);
    sim.crash(2, false); // two of three down: more than f
    sim.runFor(200); // let what was in flight land
    long executed = sim.longestLog();
    long acknowledged = sim.totalAcknowledged();
    sim.runFor(5_000);
    assertEquals(executed, sim.longestLog(), "a slot was decided without a majority");
    assertEquals(acknowledged, sim.totalAcknowledged());
    assertTrue(sim.violation().isEmpty(), () -> sim.violation().get().headline());

    sim.restart(1); // a majority again (replica 1's acceptor kept its state)
    assertSettled(sim);
    sim.restart(2);
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 20);
  }

  @Test
  void manyClientsAtOnce() {
    ChaosSimulation sim = new ChaosSimulation(SimulationSetup.quiet(6, 5, 40, 8));
    sim.network().setConditions(0.05, 0.02, 5, 0, 0);
    assertSettled(sim);
    assertEveryLineOnce(sim, 40, 8);
  }

  @Test
  void aPartitionedOldPrimaryRejoinsWithProposalsNobodyAccepted() {
    ChaosSimulation sim = new ChaosSimulation(SimulationSetup.quiet(7, 5, 3, 3000));
    sim.runUntil(() -> sim.totalAcknowledged() >= 10, 5_000);
    assertEquals(0, sim.leader());
    int[] lonelyAccepts = new int[1];
    sim.network().setRule((from, to, message) -> {
      if (message instanceof Accept && from.equals(Address.proposer(0)) && to.id() != 0) {
        lonelyAccepts[0]++; // the old primary keeps proposing into the void
      }
      return null;
    });
    sim.partition(Set.of(0), false);
    long cutAt = sim.now();
    long acknowledgedAtCut = sim.totalAcknowledged();
    sim.runUntil(() -> sim.leader() > 0 && sim.totalAcknowledged() >= acknowledgedAtCut + 10, cutAt + 10_000);
    assertTrue(sim.leader() > 0, "the majority side elects a new leader");
    long primaryLog = sim.logLength(0);
    sim.runFor(1_000);
    assertEquals(primaryLog, sim.logLength(0), "the cut-off primary decided nothing alone");
    assertTrue(lonelyAccepts[0] > 0, "the old primary did propose while cut off");

    sim.heal();
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 3000);
    assertNotEquals(0, sim.leader(), "the old primary rejoins as a follower");
  }

  @Test
  void anUnreliableNetworkWithChurn() {
    ChaosSimulation sim = new ChaosSimulation(SimulationSetup.quiet(8, 5, 3, 30));
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
    assertTrue(sim.violation().isEmpty(), () -> sim.violation().get().headline());

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

  @Test
  void aPrimaryThatSkipsASlotIsReplacedAndTheSlotBecomesANoop() {
    FaultPlan skip = new FaultPlan(0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0);
    // Enough lines that slots after the skipped one are decided: a new leader then finds a hole
    // below accepted values and fills it with a no-op.
    ProtocolSettings trickle = ProtocolSettings.defaults().toBuilder().clientWindow(2).build();
    ChaosSimulation sim = new ChaosSimulation(
        SimulationSetup.quiet(10, 3, 3, 20).withSettings(trickle).withFaults(skip));
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 20);
    assertEquals(Command.Noop.INSTANCE, sim.executedAt(2));
    assertNotEquals(0, sim.leader());
  }

  private static void assertSettled(ChaosSimulation sim) {
    boolean settled = sim.runUntilSettled(SETTLE_BOUND);
    assertTrue(sim.violation().isEmpty(), () -> sim.violation().get().headline() + "\n"
        + String.join("\n", sim.violation().get().traceTail()));
    assertTrue(settled, sim.status());
  }

  /** The longest log holds every line of every client exactly once, in each client's order. */
  private static void assertEveryLineOnce(ChaosSimulation sim, int clients, int lines) {
    Set<String> seen = new HashSet<>();
    long[] lastSeq = new long[clients];
    for (long slot = 0; slot < sim.longestLog(); slot++) {
      for (Command.ChatLine line : Command.linesOf(sim.executedAt(slot))) {
        assertTrue(seen.add(line.clientId() + "/" + line.seq()), "twice: " + line);
        assertEquals(lastSeq[line.clientId()] + 1, line.seq(), "out of order: " + line);
        lastSeq[line.clientId()] = line.seq();
      }
    }
    assertEquals(clients * lines, seen.size(), sim.status());
  }
}
