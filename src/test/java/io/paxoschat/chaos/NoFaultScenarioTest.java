package io.paxoschat.chaos;

import static io.paxoschat.chaos.Scenarios.assertEveryLineOnce;
import static io.paxoschat.chaos.Scenarios.assertSettled;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paxoschat.paxos.ProtocolSettings;
import org.junit.jupiter.api.Test;

/** Without faults: every line executes once, everywhere, under the first leader. */
class NoFaultScenarioTest {

  @Test
  void everyLineExecutesOnceWithoutAViewChange() {
    for (int n : new int[] {3, 5}) {
      ChaosSimulation sim = Scenarios.quiet(1, n, 3, 10, ProtocolSettings.defaults());
      assertSettled(sim);
      assertEveryLineOnce(sim, 3, 10);
      assertEquals(0, sim.leader(), "no fault, no view change");
      assertEquals(0, sim.leaderView());
    }
  }

  @Test
  void smallWindowsSpreadLinesOverManySlotsWithoutAViewChange() {
    ChaosSimulation sim = Scenarios.quiet(1, 5, 3, 6, Scenarios.QUICK);
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 6);
    assertEquals(0, sim.leaderView());
  }
}
