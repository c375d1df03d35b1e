package io.paxoschat.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The random schedules: many seeds on both configs must run clean, and every seed replays exactly. */
class ChaosSoakTest {

  private static final int THREADS = 2;

  @Test
  void sixHundredSeedsOfEachConfigRunClean() {
    for (int f = 1; f <= 2; f++) {
      ChaosOptions options = ChaosOptions.forF(f, 600, 0, "conf/cluster-f" + f + ".conf").withThreads(THREADS);
      ChaosSummary summary = ChaosRunner.run(options, null);
      System.out.print(summary.report());
      assertTrue(summary.clean(), summary.report());
      assertEquals(600, summary.runs());
      assertTrue(summary.faultsPerRun() > 100, "the seeds inject faults: " + summary.faults());
      for (FaultKind kind : FaultKind.values()) {
        assertTrue(summary.faults().get(kind) > 0, "no " + kind + " in 600 seeds");
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameRunBitForBit() {
    ChaosOptions options = ChaosOptions.forF(2, 1, 0, null);
    for (long seed = 0; seed < 20; seed++) {
      RunResult first = ChaosRunner.runSeed(options, seed);
      RunResult second = ChaosRunner.runSeed(options, seed);
      assertEquals(first, second, "seed " + seed);
      assertEquals(first.traceHashHex(), second.traceHashHex());
    }
  }

  @Test
  void differentSeedsGiveDifferentRuns() {
    ChaosOptions options = ChaosOptions.forF(1, 1, 0, null);
    assertNotEquals(ChaosRunner.runSeed(options, 1).traceHash(), ChaosRunner.runSeed(options, 2).traceHash());
  }

  @Test
  void theThreadCountDoesNotChangeWhatIsFound() {
    ChaosOptions options = ChaosOptions.forF(1, 60, 100, null);
    ChaosSummary oneThread = ChaosRunner.run(options.withThreads(1), PlantedBugs.leaderSkipsPhase1(), null);
    ChaosSummary twoThreads = ChaosRunner.run(options.withThreads(2), PlantedBugs.leaderSkipsPhase1(), null);
    assertEquals(oneThread.violations(), twoThreads.violations());
    assertEquals(oneThread.virtualMillis(), twoThreads.virtualMillis());
    assertEquals(oneThread.faults(), twoThreads.faults());
  }

  @Test
  void aSingleSeedReportsItsTraceHash() {
    ChaosSummary summary = ChaosRunner.run(ChaosOptions.forF(1, 1, 7, null), null);
    RunResult run = ChaosRunner.runSeed(ChaosOptions.forF(1, 1, 0, null), 7);
    assertTrue(summary.report().contains("trace hash: " + run.traceHashHex()), summary.report());
  }
}
