package io.paxoschat.chaos;

import static io.paxoschat.chaos.Scenarios.assertEveryLineOnce;
import static io.paxoschat.chaos.Scenarios.assertSettled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.ProtocolSettings;
import org.junit.jupiter.api.Test;

/** The primary of view 0 leaves a slot empty and goes on above it (the skip-slot fault). */
class SkippedSlotScenarioTest {

  private static SimulationSetup skipping(long seed, int replicas, int clients, int lines, ProtocolSettings settings) {
    return SimulationSetup.quiet(seed, replicas, clients, lines).withSettings(settings)
        .withFaults(FaultPhase.none(0).withSkipSlot(2));
  }

  @Test
  void thePrimaryIsReplacedAndTheSlotBecomesANoopEverywhere() {
    // Enough lines that slots after the skipped one are decided: a new leader then finds a hole
    // below accepted values and fills it with a no-op.
    ProtocolSettings trickle = ProtocolSettings.defaults().toBuilder().clientWindow(2).build();
    for (ProtocolSettings settings : new ProtocolSettings[] {trickle, Scenarios.QUICK}) {
      ChaosSimulation sim = new ChaosSimulation(skipping(10, 3, 3, 20, settings));
      assertSettled(sim);
      assertEveryLineOnce(sim, 3, 20);
      assertEquals(Command.Noop.INSTANCE, sim.executedAt(2));
      for (int replica = 0; replica < 3; replica++) {
        assertTrue(sim.logLength(replica) > 2, "replica " + replica + " executed the no-op");
      }
      assertNotEquals(0, sim.leader());
      assertTrue(sim.leaderView() >= 1, "the primary of view 0 was replaced");
    }
  }

  /**
   * Replica 1 is down, so suspicion of the skipping primary first votes for view 1, whose leader is
   * dead, while each heartbeat of the primary withdraws the vote; the election timeout never fires
   * while heartbeats arrive. The followers must still reach a live successor.
   */
  @Test
  void suspicionOfALiveButUselessLeaderReachesALiveSuccessor() {
    // One line per slot, so that the skipped slot is reached.
    ProtocolSettings oneByOne = Scenarios.QUICK.toBuilder().clientWindow(1).build();
    ChaosSimulation sim = new ChaosSimulation(skipping(1, 5, 2, 4, oneByOne));
    sim.crash(1, true); // before the run begins
    assertSettled(sim);
    assertEveryLineOnce(sim, 2, 4);
    assertEquals(Command.Noop.INSTANCE, sim.executedAt(2));
    assertTrue(sim.leaderView() >= 2, "a live replica leads: " + sim.status());
  }
}
