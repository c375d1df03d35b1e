package io.paxoschat.chaos;

import java.util.TreeSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The adversary of a chaos run (after Jepsen's): every 100 ms of the fault phase it may start or
 * heal a partition and crash a replica, with the plan's rates and its own seeded random stream.
 * It never has more than f replicas down at once; half its crashes aim at the current leader.
 */
final class Nemesis {

  static final long STEP_MILLIS = 100;

  private final ChaosSimulation sim;
  private final FaultPhase plan;
  private final SplittableRandom random;
  private final SplittableRandom wipes;
  private final int maxDown;
  private long healAt = -1;

  Nemesis(ChaosSimulation sim, FaultPhase plan, SplittableRandom random, SplittableRandom wipes, int maxDown) {
    this.sim = sim;
    this.plan = plan;
    this.random = random;
    this.wipes = wipes;
    this.maxDown = maxDown;
  }

  void schedule() {
    for (long at = STEP_MILLIS; at < plan.faultMillis(); at += STEP_MILLIS) {
      sim.scheduleAction(at, "nemesis", this::step);
    }
  }

  private void step() {
    long now = sim.now();
    if (healAt >= 0) {
      if (now >= healAt) {
        sim.heal();
        healAt = -1;
      }
    } else if (random.nextDouble() < plan.partitionRate()) {
      startPartition(now);
    }
    if (random.nextDouble() < plan.crashRate() && sim.downCount() < maxDown) {
      crashOne(now);
    }
  }

  private void startPartition(long now) {
    int n = sim.replicaCount();
    Set<Integer> side = new TreeSet<>();
    while (side.isEmpty() || side.size() == n) {
      side.clear();
      for (int id = 0; id < n; id++) {
        if (random.nextBoolean()) {
          side.add(id);
        }
      }
    }
    sim.partition(side, random.nextDouble() < plan.oneWayShare());
    healAt = now + 1 + random.nextInt(plan.maxPartitionMillis());
  }

  private void crashOne(long now) {
    int victim = sim.leader();
    if (victim < 0 || random.nextBoolean()) {
      victim = random.nextInt(sim.replicaCount());
    }
    if (!sim.isUp(victim)) {
      return;
    }
    boolean forGood = random.nextDouble() < plan.crashForGoodShare();
    // A stream of its own: a plan without wipes draws exactly what it drew before they existed.
    boolean wipe = !forGood && plan.diskWipeShare() > 0 && wipes.nextDouble() < plan.diskWipeShare();
    int id = victim;
    // Scheduled afresh, the crash lands after the events already due at its instant but before
    // the local messages they send: a process can die with messages still in its mailbox.
    long crashAt = now + 1 + random.nextInt(10);
    sim.scheduleAction(crashAt, "crash replica-" + id, () -> sim.crash(id, forGood, wipe));
    if (!forGood) {
      long downFor = 1 + random.nextInt(Math.max(1, plan.maxDownMillis()));
      sim.scheduleAction(crashAt + downFor, "restart replica-" + id, () -> sim.restart(id));
    }
  }
}
