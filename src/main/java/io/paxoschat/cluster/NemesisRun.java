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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The fault phase of a nemesis: for {@code duration}, one fault every {@code interval} (each healed
 * before the next), while it watches how far the replicas executed. It times, for every fault,
 * how long after it was healed the next slot was executed, and for every SIGKILL of a leader,
 * how long after it; it prints one line of progress a second.
 */
public final class NemesisRun {

  /** How often the replicas' state files are read: other processes write them, nothing tells us. */
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
   * the next commit. The faults, the heals and the watching all run on one timeline thread, in
   * the order their times come, so none of them races another.
   */
  public Outcome run(Duration duration, Duration interval, Duration resumeBound)
      throws IOException, InterruptedException {
    ScheduledExecutorService timeline = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "nemesis-timeline");
      thread.setDaemon(true);
      return thread;
    });
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    try {
      timeline.execute(step(outcome, () -> {
        committed = cluster.committed();
        committedAtLastProgress = committed;
      }));
      timeline.scheduleWithFixedDelay(step(outcome, this::watch), 0, POLL.toNanos(), TimeUnit.NANOSECONDS);
      long end = started + duration.toNanos();
      scheduleFault(timeline, outcome, started + interval.toNanos() / 2, interval, end, resumeBound);
      return outcome.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } finally {
      timeline.shutdownNow();
      timeline.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** The next fault at {@code at}, its heal once it was held, and so on until {@code end}. */
  private void scheduleFault(ScheduledExecutorService timeline, CompletableFuture<Outcome> outcome, long at,
      Duration interval, long end, Duration resumeBound) {
    if (at >= end) {
      at(timeline, end, step(outcome, () -> finish(timeline, outcome, resumeBound)));
      return;
    }
    at(timeline, at, step(outcome, () -> {
      if (System.nanoTime() >= end) { // the faults before ran late
        finish(timeline, outcome, resumeBound);
        return;
      }
      Fault fault = schedule.next(cluster.primary(), cluster.ready());
      long hold = schedule.holdMillis(interval.toMillis());
      inject(fault);
      at(timeline, Math.min(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(hold), end), step(outcome, () -> {
        heal();
        scheduleFault(timeline, outcome, at + interval.toNanos(), interval, end, resumeBound);
      }));
    }));
  }

  /**
   * After the last fault: heals everything and ends the run at the first commit beyond what had
   * executed by then, or at {@code resumeBound}.
   */
  private void finish(ScheduledExecutorService timeline, CompletableFuture<Outcome> outcome, Duration resumeBound)
      throws IOException, InterruptedException {
    // Read before the replicas killed last start again: their logs are as the SIGKILL left them.
    long logged = cluster.slotsLogged();
    heal();
    long lastHeal = System.nanoTime();
    // The most any replica ever executed, not what the live ones report now: a replica that just
    // started again reports less until it has caught up, and that is no new commit. Nor is what
    // its log held beyond its last state file, which it reports once restarted.
    long committedAtHeal = Math.max(committed, logged);
    timeline.scheduleWithFixedDelay(step(outcome, () -> {
      if (committed > committedAtHeal) {
        outcome.complete(new Outcome(faultsByKind, healToCommit, leaderKillToCommit, committed, lastHeal,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeal)));
      }
    }), 0, POLL.toNanos(), TimeUnit.NANOSECONDS);
    at(timeline, lastHeal + resumeBound.toNanos(), step(outcome, () -> outcome.complete(
        new Outcome(faultsByKind, healToCommit, leaderKillToCommit, committed, lastHeal, -1))));
  }

  private static void at(ScheduledExecutorService timeline, long nanoTime, Runnable step) {
    timeline.schedule(step, Math.max(0, nanoTime - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** One step of the timeline: nothing once the run is over, and a failure ends the run. */
  private static Runnable step(CompletableFuture<Outcome> outcome, Step step) {
    return () -> {
      if (outcome.isDone()) {
        return;
      }
      try {
        step.run();
      } catch (Exception e) {
        outcome.completeExceptionally(e);
      }
    };
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
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
