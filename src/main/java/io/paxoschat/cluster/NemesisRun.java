package io.paxoschat.cluster;

import io.paxoschat.fault.NetworkFaults;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The fault phase of a nemesis: for {@code duration}, one fault every {@code interval} (each healed
 * before the next), while it watches how far the replicas executed. It times, for every fault,
 * how long after it was healed the next slot was executed, and for every SIGKILL of a leader,
 * how long after it; it prints one line of progress a second.
 */
public final class NemesisRun {

  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

  /** What the run measured. */
  public record Outcome(Map<String, Integer> faultsByKind, Histogram healToCommitMillis,
      Histogram leaderKillToCommitMillis, long committedAtEnd, long lastHealNanos, long resumedAfterMillis) {
    /** -1 when commits did not resume within the bound after the last fault. */
    public boolean resumed() {
      return resumedAfterMillis >= 0;
    }
  }

  private final NemesisCluster cluster;
  private final FaultSchedule schedule;
  private final PrintWriter out;
  private final Map<String, Integer> faultsByKind = new LinkedHashMap<>();
  private final Histogram healToCommit = new Histogram(3_600_000L, 3);
  private final Histogram leaderKillToCommit = new Histogram(3_600_000L, 3);
  /**
   * Moments waiting for the next commit: when, and the most slots any replica had executed by
   * then. A commit is a slot executed beyond that.
   */
  private final List<long[]> afterHeal = new ArrayList<>();
  private final List<LeaderKill> afterLeaderKill = new ArrayList<>();

  /**
   * A killed leader, waiting for its successor's first commit: slots the old leader had decided
   * may still execute after the kill, so the wait ends only once a replica leads a later view
   * and a slot executes beyond what had executed when it was first seen leading.
   */
  private static final class LeaderKill {
    final long atNanos;
    final long view;
    long committedWhenSucceeded = -1;

    LeaderKill(long atNanos, long view) {
      this.atNanos = atNanos;
      this.view = view;
    }
  }
  private final Set<Integer> down = new HashSet<>();
  private final long started = System.nanoTime();
  private long committed;
  private long lastProgress = started;
  private long committedAtLastProgress;
  private String current = "none";

  public NemesisRun(NemesisCluster cluster, FaultSchedule schedule, PrintWriter out) {
    this.cluster = cluster;
    this.schedule = schedule;
    this.out = out;
  }

  /**
   * Runs faults for {@code duration}, heals everything, and waits up to {@code resumeBound} for
   * the next commit.
   */
  public Outcome run(Duration duration, Duration interval, Duration resumeBound)
      throws IOException, InterruptedException {
    committed = cluster.committed();
    committedAtLastProgress = committed;
    long end = started + duration.toNanos();
    long nextFault = started + interval.toNanos() / 2;
    while (System.nanoTime() < end) {
      if (System.nanoTime() >= nextFault) {
        Fault fault = schedule.next(cluster.primary(), cluster.ready());
        long hold = schedule.holdMillis(interval.toMillis());
        nextFault += interval.toNanos();
        inject(fault);
        waitAndWatch(Math.min(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(hold), end));
        heal();
      }
      waitAndWatch(Math.min(nextFault, end));
    }
    heal();
    long lastHeal = System.nanoTime();
    // The most any replica ever executed, not what the live ones report now: a replica that just
    // started again reports less until it has caught up, and that is no new commit.
    long committedAtHeal = committed;
    long resumedAfter = -1;
    long deadline = lastHeal + resumeBound.toNanos();
    while (System.nanoTime() < deadline) {
      watch();
      if (committed > committedAtHeal) {
        resumedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeal);
        break;
      }
      TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
    }
    return new Outcome(faultsByKind, healToCommit, leaderKillToCommit, committed, lastHeal, resumedAfter);
  }

  private void inject(Fault fault) throws IOException, InterruptedException {
    out.printf(Locale.ROOT, "%6.1f s  fault: %s%n", seconds(), fault.describe());
    out.flush();
    if (fault.isEmpty()) {
      faultsByKind.merge(fault.kind() + " (skipped)", 1, Integer::sum);
      return;
    }
    faultsByKind.merge(fault.kind(), 1, Integer::sum);
    current = fault.describe();
    if (fault instanceof Fault.Kill kill) {
      if (kill.leaderAmongThem()) {
        afterLeaderKill.add(new LeaderKill(System.nanoTime(), primaryView()));
      }
      cluster.kill(kill.replicas());
      down.addAll(kill.replicas());
    } else if (fault instanceof Fault.Pause pause) {
      cluster.pause(pause.replica());
    } else if (fault instanceof Fault.Loss loss) {
      for (int id = 0; id < cluster.replicaCount(); id++) {
        cluster.setNetwork(id, new NetworkFaults.Setting(loss.probability(), Set.of()));
      }
    } else if (fault instanceof Fault.Partition partition) {
      Set<String> minority = new HashSet<>();
      Set<String> majority = new HashSet<>();
      for (int id = 0; id < cluster.replicaCount(); id++) {
        (partition.minority().contains(id) ? minority : majority).add("replica-" + id);
      }
      for (int id = 0; id < cluster.replicaCount(); id++) {
        Set<String> cut = partition.minority().contains(id) ? majority : minority;
        cluster.setNetwork(id, new NetworkFaults.Setting(0, cut));
      }
    } else if (fault instanceof Fault.RestartAll) {
      if (cluster.primary().isPresent()) {
        afterLeaderKill.add(new LeaderKill(System.nanoTime(), primaryView()));
      }
      List<Integer> all = new ArrayList<>();
      for (int id = 0; id < cluster.replicaCount(); id++) {
        all.add(id);
      }
      cluster.kill(all);
      down.addAll(all);
      // Started again at once: the whole cluster's downtime is its start-up.
      restartDown();
    }
  }

  /** Ends every fault: killed replicas start again, paused ones go on, the network is whole. */
  private void heal() throws IOException, InterruptedException {
    restartDown();
    for (int id = 0; id < cluster.replicaCount(); id++) {
      cluster.resume(id);
      cluster.setNetwork(id, NetworkFaults.Setting.HEALTHY);
    }
    if (!current.equals("none")) {
      afterHeal.add(new long[] {System.nanoTime(), committed});
      out.printf(Locale.ROOT, "%6.1f s  healed: %s%n", seconds(), current);
      out.flush();
    }
    current = "none";
  }

  private void restartDown() throws IOException {
    for (int id : down) {
      cluster.startReplica(id, false);
    }
    down.clear();
  }

  private void waitAndWatch(long until) throws InterruptedException {
    while (System.nanoTime() < until) {
      watch();
      TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(POLL.toMillis(),
          TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
    }
  }

  /** Notes new commits, closes the waits they end, and prints progress once a second. */
  private void watch() {
    long now = System.nanoTime();
    committed = Math.max(committed, cluster.committed());
    settle(afterHeal, healToCommit, now);
    long view = primaryView();
    afterLeaderKill.removeIf(kill -> {
      if (kill.committedWhenSucceeded < 0 && view > kill.view) {
        kill.committedWhenSucceeded = committed;
      } else if (kill.committedWhenSucceeded >= 0 && committed > kill.committedWhenSucceeded) {
        leaderKillToCommit.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMillis(now - kill.atNanos)));
        return true;
      }
      return false;
    });
    if (now - lastProgress >= PROGRESS_EVERY.toNanos()) {
      double rate = (committed - committedAtLastProgress) / ((now - lastProgress) / 1e9);
      OptionalLong primary = cluster.primary();
      List<String> notUp = new ArrayList<>();
      for (int id = 0; id < cluster.replicaCount(); id++) {
        if (!cluster.isUp(id)) {
          notUp.add(id + " down");
        } else if (cluster.isPaused(id)) {
          notUp.add(id + " paused");
        } else if (cluster.state(id).isEmpty()) {
          notUp.add(id + " starting");
        }
      }
      out.printf(Locale.ROOT, "%6.1f s  executed %d slots (%.0f/s)  primary %s  %s%s  fault: %s%n", seconds(),
          committed, rate, primary.isPresent() ? "replica-" + primary.getAsLong() : "none",
          notUp.isEmpty() ? "all up" : String.join(", ", notUp), slowest(), current);
      out.flush();
      lastProgress = now;
      committedAtLastProgress = committed;
    }
  }

  /** The running replica furthest behind, if it lags: a replica catching up shows here. */
  private String slowest() {
    int slowest = -1;
    long least = Long.MAX_VALUE;
    for (int id = 0; id < cluster.replicaCount(); id++) {
      long executed = cluster.state(id).map(ReplicaReport::executedUpTo).orElse(Long.MAX_VALUE);
      if (executed < least) {
        least = executed;
        slowest = id;
      }
    }
    return slowest >= 0 && least < committed ? "  (replica-" + slowest + " at " + least + ")" : "";
  }

  private void settle(List<long[]> waiting, Histogram into, long now) {
    waiting.removeIf(wait -> {
      if (committed > wait[1]) {
        into.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMillis(now - wait[0])));
        return true;
      }
      return false;
    });
  }

  /** The view the live primary leads, or -1. */
  private long primaryView() {
    OptionalLong primary = cluster.primary();
    return primary.isPresent() ? cluster.state((int) primary.getAsLong()).map(ReplicaReport::view).orElse(-1L) : -1;
  }

  private double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }
}
