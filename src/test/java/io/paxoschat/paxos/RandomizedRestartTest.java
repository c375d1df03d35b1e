package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The whole core on a seeded lossy, reordering network while replicas crash and restart from
 * what they persisted (acceptor records, chat log): safety at every round, every line delivered
 * once the network is reliable again. Restarts also bring replicas back behind the compaction
 * point, so the pruned-slot paths run too.
 */
class RandomizedRestartTest {

  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(4).electionTimeoutTicks(20, 40).retransmitTicks(10).catchUpTicks(6).maxInFlight(16).clientRetryTicks(30).clientWindow(4).build();
  private static final int CHAOS_ROUNDS = 900;

  /** Crashes a random live replica every so often (never more than f at once) and restarts it later. */
  private static void chaos(int n, long seed, double loss, boolean wholeCluster) {
    String run = "n=" + n + " seed=" + seed + " loss=" + loss + (wholeCluster ? " whole cluster" : "");
    Random random = new Random(seed * 7 + n);
    CoreCluster cluster = new CoreCluster(n, SETTINGS, CoreCluster.lines(3, 40), seed);
    int f = n / 2;
    List<int[]> down = new ArrayList<>(); // {replica, round to restart}
    for (int round = 0; round < CHAOS_ROUNDS; round++) {
      cluster.round(true, loss);
      if (wholeCluster && round == 300) {
        for (int id = 0; id < n; id++) {
          cluster.crash(id);
          down.add(new int[] {id, round + 60});
        }
      } else if (!wholeCluster && round % 70 == 35 && down.size() < f) {
        int victim = random.nextInt(n);
        if (!cluster.isDown(victim)) {
          cluster.crash(victim);
          down.add(new int[] {victim, round + 30 + random.nextInt(150)});
        }
      }
      for (int i = down.size() - 1; i >= 0; i--) {
        if (down.get(i)[1] == round) {
          cluster.restart(down.get(i)[0], seed * 1000 + round);
          down.remove(i);
        }
      }
      cluster.assertSafe(run);
    }
    for (int[] replica : down) {
      cluster.restart(replica[0], seed);
    }
    assertTrue(cluster.runUntilDone(6000), run + " did not finish:" + cluster.describe());
    cluster.assertSafe(run);
    cluster.assertEveryLineExecuted(run);
  }

  @Test
  void replicasRestartingUnderLossAndReorderingLoseAndRepeatNothing() {
    for (long seed = 1; seed <= 6; seed++) {
      chaos(3, seed, 0.2, false);
      chaos(5, seed, 0.3, false);
    }
  }

  @Test
  void theWholeClusterRestartingAtOnceLosesAndRepeatsNothing() {
    for (long seed = 1; seed <= 6; seed++) {
      chaos(3, seed, 0.1, true);
      chaos(5, seed, 0.1, true);
    }
  }
}
