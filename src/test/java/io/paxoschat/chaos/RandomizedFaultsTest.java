package io.paxoschat.chaos;

import static io.paxoschat.chaos.Scenarios.assertEveryLineOnce;
import static io.paxoschat.chaos.Scenarios.assertNoViolation;
import static io.paxoschat.chaos.Scenarios.assertSettled;

import io.paxoschat.paxos.ProtocolSettings;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The whole core on a seeded network that loses, delays and reorders messages while leaders crash
 * for good, or while replicas crash and restart from their disks, f at a time or the whole
 * cluster at once. The invariant checker holds safety at every step (logs agree slot by slot,
 * each line at most once and in its client's order); once the network is reliable again, every
 * line must get through. Unlike the chaos seeds, the faults here are fixed per test, so each
 * method names the fault it is about.
 */
class RandomizedFaultsTest {

  private static final ProtocolSettings SETTINGS = Scenarios.QUICK.toBuilder().maxInFlight(16).build();
  private static final long FAULT_MILLIS = 6_000;
  private static final int CLIENTS = 3;

  /** A network that loses {@code loss} of its messages, delays each by 1..5 ms and one in ten by up to 50 ms more. */
  private static ChaosSimulation lossy(int n, long seed, double loss, int lines) {
    ChaosSimulation sim = Scenarios.quiet(seed, n, CLIENTS, lines, SETTINGS);
    sim.network().setConditions(loss, 0, 5, 0.1, 50);
    return sim;
  }

  /** Runs the faults, then a clean network: every line must get through exactly once. */
  private static void assertEveryLineDelivered(ChaosSimulation sim, int lines) {
    sim.runFor(FAULT_MILLIS);
    assertNoViolation(sim);
    sim.network().setConditions(0, 0, 5, 0, 0);
    assertSettled(sim);
    assertEveryLineOnce(sim, CLIENTS, lines);
  }

  /** The leader crashes for good at 1 s, and again every 1.5 s, {@code crashes} times. */
  private static void crashLeaders(ChaosSimulation sim, int crashes) {
    for (int crash = 0; crash < crashes; crash++) {
      sim.scheduleAction(1_000 + crash * 1_500L, "crash the leader", () -> {
        if (sim.leader() >= 0) {
          sim.crash(sim.leader(), true);
        }
      });
    }
  }

  @Test
  void everyLineIsDeliveredOnceAfterLossAndReordering() {
    for (long seed = 1; seed <= 6; seed++) {
      assertEveryLineDelivered(lossy(3, seed, 0.2, 15), 15);
      assertEveryLineDelivered(lossy(3, seed, 0.5, 15), 15);
      assertEveryLineDelivered(lossy(5, seed, 0.3, 15), 15);
    }
  }

  @Test
  void everyLineIsDeliveredOnceAfterUpToFLeaderCrashesUnderLoss() {
    for (long seed = 1; seed <= 6; seed++) {
      for (double loss : new double[] {0, 0.2}) {
        ChaosSimulation three = lossy(3, seed, loss, 15);
        crashLeaders(three, 1);
        assertEveryLineDelivered(three, 15);
        ChaosSimulation five = lossy(5, seed, loss * 1.5, 15);
        crashLeaders(five, 2);
        assertEveryLineDelivered(five, 15);
      }
    }
  }

  /**
   * Every 700 ms a random replica crashes, if fewer than f are down, and restarts from its disk
   * 300 to 1,800 ms later: restarts also bring replicas back behind the compaction point.
   */
  @Test
  void replicasRestartingUnderLossAndReorderingLoseAndRepeatNothing() {
    for (long seed = 1; seed <= 6; seed++) {
      for (int n : new int[] {3, 5}) {
        ChaosSimulation sim = lossy(n, seed, n == 3 ? 0.2 : 0.3, 40);
        Random random = new Random(seed * 7 + n);
        for (long at = 350; at < FAULT_MILLIS; at += 700) {
          sim.scheduleAction(at, "crash one", () -> {
            int victim = random.nextInt(n);
            if (sim.downCount() < n / 2 && sim.isUp(victim)) {
              sim.crash(victim, false);
              sim.scheduleAction(sim.now() + 300 + random.nextInt(1_500), "restart", () -> sim.restart(victim));
            }
          });
        }
        assertEveryLineDelivered(sim, 40);
      }
    }
  }

  @Test
  void theWholeClusterRestartingAtOnceLosesAndRepeatsNothing() {
    for (long seed = 1; seed <= 6; seed++) {
      for (int n : new int[] {3, 5}) {
        ChaosSimulation sim = lossy(n, seed, 0.1, 40);
        sim.scheduleAction(3_000, "crash every replica", () -> {
          for (int id = 0; id < n; id++) {
            sim.crash(id, false);
          }
        });
        sim.scheduleAction(3_600, "restart every replica", () -> {
          for (int id = 0; id < n; id++) {
            sim.restart(id);
          }
        });
        assertEveryLineDelivered(sim, 40);
      }
    }
  }
}
