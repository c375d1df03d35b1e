package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The whole core on a seeded network that reorders, holds back and loses messages while leaders
 * crash. Safety must hold at every step of every run: the chat logs agree slot by slot, and each
 * line executes at most once, in its client's order. Once the network is reliable again, every
 * line must get through.
 */
class RandomizedClusterTest {

  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(4).electionTimeoutTicks(20, 40).retransmitTicks(10).catchUpTicks(6).maxInFlight(16).clientRetryTicks(30).clientWindow(4).build();
  private static final int CHAOS_ROUNDS = 600;
  /** A leader crashes at these rounds, up to the run's number of crashes. */
  private static final int FIRST_CRASH = 100;
  private static final int CRASH_EVERY = 150;

  /** Runs chaos, checking safety after every round; returns the cluster for further checks. */
  private static CoreCluster chaos(int n, long seed, double loss, int crashes) {
    String run = "n=" + n + " seed=" + seed + " loss=" + loss + " crashes=" + crashes;
    CoreCluster cluster = new CoreCluster(n, SETTINGS, CoreCluster.lines(3, 15), seed);
    int crashed = 0;
    for (int round = 0; round < CHAOS_ROUNDS; round++) {
      cluster.round(true, loss);
      if (crashed < crashes && round >= FIRST_CRASH && (round - FIRST_CRASH) % CRASH_EVERY == 0
          && cluster.leader() >= 0) {
        cluster.crash(cluster.leader());
        crashed++;
      }
      cluster.assertSafe(run);
    }
    return cluster;
  }

  @Test
  void logsAgreeUnderLossReorderingAndLeaderCrashes() {
    for (long seed = 1; seed <= 12; seed++) {
      chaos(3, seed, 0.2, 1);
      chaos(3, seed, 0.5, 1);
      chaos(5, seed, 0.3, 2);
    }
  }

  /** Chaos, then a reliable network: every line must get through exactly once. */
  private static void assertEveryLineDelivered(int n, long seed, double loss, int crashes) {
    String run = "n=" + n + " seed=" + seed + " loss=" + loss + " crashes=" + crashes;
    CoreCluster cluster = chaos(n, seed, loss, crashes);
    assertTrue(cluster.runUntilDone(3000), run + " did not finish:" + cluster.describe());
    cluster.assertSafe(run);
    cluster.assertEveryLineExecuted(run);
  }

  @Test
  void everyLineIsDeliveredOnceAfterLossAndReordering() {
    for (long seed = 1; seed <= 8; seed++) {
      assertEveryLineDelivered(3, seed, 0.2, 0);
      assertEveryLineDelivered(3, seed, 0.5, 0);
      assertEveryLineDelivered(5, seed, 0.3, 0);
    }
  }

  @Test
  void everyLineIsDeliveredOnceAfterUpToFLeaderCrashes() {
    for (long seed = 1; seed <= 8; seed++) {
      assertEveryLineDelivered(3, seed, 0, 1);
      assertEveryLineDelivered(5, seed, 0, 2);
    }
  }

  @Test
  void everyLineIsDeliveredOnceAfterLossTogetherWithUpToFLeaderCrashes() {
    for (long seed = 1; seed <= 8; seed++) {
      assertEveryLineDelivered(3, seed, 0.2, 1);
      assertEveryLineDelivered(3, seed, 0.5, 1);
      assertEveryLineDelivered(5, seed, 0.3, 2);
    }
  }
}
