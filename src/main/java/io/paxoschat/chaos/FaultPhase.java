package io.paxoschat.chaos;

import java.util.SplittableRandom;

/**
 * The fault phase of one chaos run: how long it lasts and how hostile it is (not a schedule: the
 * {@link Nemesis} draws each step from these rates). Every rate is drawn from the run's seed. Each kind of
 * fault is switched on for some seeds only, so the runs cover quiet schedules, single-fault
 * schedules and storms.
 *
 * @param faultMillis how long the fault phase lasts; afterwards the network is clean, partitions
 *     heal and crashed replicas restart (except those crashed for good)
 * @param loss probability a network message is dropped (at most 0.5)
 * @param duplicate probability a network message is delivered twice
 * @param maxDelayMillis network delays are uniform in 1..max
 * @param lateRate probability a message is held back by up to {@code lateMillis} more
 * @param partitionRate per nemesis step (every 100 ms), probability a partition starts
 * @param oneWayShare share of partitions that are one-way
 * @param crashRate per nemesis step, probability a replica crashes (never more than f down)
 * @param crashForGoodShare share of crashes after which the replica never returns
 * @param skipSlot the slot the primary of view 0 never gets accepted, or -1
 * @param timerJitterMillis each replica timer fires up to this much early or late
 * @param diskWipeShare share of the crashes (not for good) in which the replica also loses its
 *     disk: it comes back with an empty chat log and a rejoining acceptor
 */
public record FaultPhase(
    long faultMillis,
    double loss,
    double duplicate,
    int maxDelayMillis,
    double lateRate,
    int lateMillis,
    double partitionRate,
    double oneWayShare,
    int maxPartitionMillis,
    double crashRate,
    double crashForGoodShare,
    int maxDownMillis,
    long skipSlot,
    int timerJitterMillis,
    double diskWipeShare) {

  /** A quiet network: no faults, delays of a few milliseconds. Scenarios start from this. */
  public static FaultPhase none(long faultMillis) {
    return new FaultPhase(faultMillis, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0);
  }

  /** This phase with a primary of view 0 that leaves {@code slot} empty (the one skip-slot fault). */
  public FaultPhase withSkipSlot(long slot) {
    return new FaultPhase(faultMillis, loss, duplicate, maxDelayMillis, lateRate, lateMillis, partitionRate,
        oneWayShare, maxPartitionMillis, crashRate, crashForGoodShare, maxDownMillis, slot, timerJitterMillis,
        diskWipeShare);
  }

  static FaultPhase draw(SplittableRandom random) {
    long faultMillis = 2_000 + random.nextInt(6_001);
    double loss = chance(random, 0.7) ? random.nextDouble() * 0.5 : 0;
    double duplicate = chance(random, 0.5) ? random.nextDouble() * 0.2 : 0;
    int maxDelay = 1 + random.nextInt(chance(random, 0.5) ? 5 : 40);
    double late = chance(random, 0.5) ? random.nextDouble() * 0.1 : 0;
    int lateMillis = 50 + random.nextInt(500);
    double partitionRate = chance(random, 0.6) ? 0.05 + random.nextDouble() * 0.3 : 0;
    double oneWayShare = random.nextDouble();
    int maxPartitionMillis = 200 + random.nextInt(2_000);
    double crashRate = chance(random, 0.6) ? 0.02 + random.nextDouble() * 0.2 : 0;
    double crashForGood = chance(random, 0.3) ? random.nextDouble() : 0;
    int maxDownMillis = 100 + random.nextInt(3_000);
    long skipSlot = chance(random, 0.3) ? random.nextInt(10) : -1;
    int jitter = chance(random, 0.5) ? 1 + random.nextInt(5) : 0;
    return new FaultPhase(faultMillis, loss, duplicate, maxDelay, late, lateMillis, partitionRate,
        oneWayShare, maxPartitionMillis, crashRate, crashForGood, maxDownMillis, skipSlot, jitter, 0);
  }

  /**
   * This plan with disk wipes drawn from {@code random}, a stream of their own, so that a seed
   * drawn without wipes runs exactly as it did before wipes existed.
   */
  FaultPhase withDiskWipesFrom(SplittableRandom random) {
    double share = chance(random, 0.7) ? 0.5 + random.nextDouble() * 0.5 : 0;
    return new FaultPhase(faultMillis, loss, duplicate, maxDelayMillis, lateRate, lateMillis, partitionRate,
        oneWayShare, maxPartitionMillis, crashRate, crashForGoodShare, maxDownMillis, skipSlot, timerJitterMillis,
        share);
  }

  private static boolean chance(SplittableRandom random, double p) {
    return random.nextDouble() < p;
  }

  /** One line for a report. */
  public String describe() {
    return String.format(
        "faults for %d ms: loss %.2f, duplicate %.2f, delay 1..%d ms, late %.3f (+%d ms), "
            + "partitions %.2f/step (%.0f%% one-way, up to %d ms), crashes %.2f/step "
            + "(%.0f%% for good, %.0f%% wiping the disk, down up to %d ms), skip slot %s, timer jitter ±%d ms",
        faultMillis, loss, duplicate, maxDelayMillis, lateRate, lateMillis, partitionRate,
        oneWayShare * 100, maxPartitionMillis, crashRate, crashForGoodShare * 100, diskWipeShare * 100, maxDownMillis,
        skipSlot < 0 ? "none" : Long.toString(skipSlot), timerJitterMillis);
  }
}
