package io.paxoschat.chaos;

import io.paxoschat.events.EventClock;
import io.paxoschat.events.EventRecorder;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Entry point of the seeded chaos simulation, for {@code bin/simulate --chaos}.
 *
 * <p>Each seed is one deterministic run of the real protocol core in virtual time: a fault phase
 * whose faults (loss up to 50%, duplicates, late messages, symmetric and one-way partitions,
 * crashes and restarts of at most f replicas, a primary that skips a slot, timer jitter) are all
 * drawn from the seed, then a clean network in which every line must be acknowledged within a
 * bounded virtual time. An invariant checker watches every executed slot and acknowledgement.
 *
 * <p>Usage from the command line code:
 *
 * <pre>{@code
 * ChaosOptions options = ChaosOptions.fromConfig(ClusterConfig.load(file), seeds, fromSeed);
 * ChaosSummary summary = ChaosRunner.run(options, System.out); // draws a progress bar
 * System.out.print(summary.report());   // runs, virtual time, faults by kind, violations;
 *                                       // "trace hash: <hex>" when one seed ran; per violation
 *                                       // the invariant, the last events, the replay command
 * System.exit(summary.clean() ? 0 : 1);
 * }</pre>
 *
 * Two runs of one seed with the same options give the same trace hash, whatever the thread count.
 */
public final class ChaosRunner {

  private ChaosRunner() {}

  /** Runs every seed of {@code options}, drawing a progress bar on {@code progress} (may be null). */
  public static ChaosSummary run(ChaosOptions options, PrintStream progress) {
    return run(options, RoleFactory.core(), progress);
  }

  /**
   * The one seed of {@code options}, its events recorded (see {@link #runSeed(ChaosOptions, long,
   * Function)}), summed up as {@link #run} would.
   */
  public static ChaosSummary runRecorded(ChaosOptions options, Function<EventClock, EventRecorder> recorders) {
    if (options.seeds() != 1) {
      throw new IllegalArgumentException("a recorded chaos run is one seed, not " + options.seeds());
    }
    long started = System.nanoTime();
    Totals totals = new Totals();
    totals.add(runSeed(options, options.fromSeed(), recorders), true);
    return totals.summary(options, (System.nanoTime() - started) / 1_000_000);
  }

  /** One seed's run, with the shipped protocol. */
  public static RunResult runSeed(ChaosOptions options, long seed) {
    return runSeed(options, RoleFactory.core(), seed);
  }

  /**
   * One seed's run with the shipped protocol, its events recorded into the recorder
   * {@code recorders} makes for the run's virtual clock; the recorder is closed at the end, with
   * each replica's log, md5 and the verdict.
   */
  public static RunResult runSeed(ChaosOptions options, long seed, Function<EventClock, EventRecorder> recorders) {
    return runSeed(options, RoleFactory.core(), seed, recorders);
  }

  static RunResult runSeed(ChaosOptions options, RoleFactory roles, long seed,
      Function<EventClock, EventRecorder> recorders) {
    SimulationSetup setup = SimulationSetup.forSeed(seed, options.replicas(), options.clients(),
        options.linesPerClient(), options.settings(), roles);
    ChaosSimulation simulation = new ChaosSimulation(setup, recorders);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("mode", "chaos");
    header.put("scenario", "chaos seed " + seed);
    header.put("config", options.configPath());
    header.put("seed", seed);
    header.put("faults", setup.faults().describe());
    header.put("replicas", options.replicas());
    header.put("clients", options.clients());
    header.put("replay", options.replayCommand(seed));
    simulation.events().header(header);
    RunResult result = simulation.runChaos();
    simulation.events().close(simulation.endFields(result));
    return result;
  }

  static RunResult runSeed(ChaosOptions options, RoleFactory roles, long seed) {
    SimulationSetup setup = SimulationSetup.forSeed(seed, options.replicas(), options.clients(),
        options.linesPerClient(), options.settings(), roles);
    return new ChaosSimulation(setup).runChaos();
  }

  static ChaosSummary run(ChaosOptions options, RoleFactory roles, PrintStream progress) {
    long started = System.nanoTime();
    Progress bar = new Progress(progress, options.seeds());
    Totals totals = new Totals();
    AtomicLong nextIndex = new AtomicLong();
    int threads = (int) Math.min(options.threads(), options.seeds());
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "chaos");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          long index;
          while ((index = nextIndex.getAndIncrement()) < options.seeds()) {
            RunResult result = runSeed(options, roles, options.fromSeed() + index);
            totals.add(result, options.seeds() == 1);
            bar.advance(totals.violationCount());
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("chaos run interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("chaos run failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    bar.finish();
    long wallMillis = (System.nanoTime() - started) / 1_000_000;
    return totals.summary(options, wallMillis);
  }

  /** The first seed from {@code fromSeed} on, within {@code maxSeeds}, whose run breaks an invariant. */
  static Optional<Violation> firstViolation(ChaosOptions options, RoleFactory roles, long fromSeed, long maxSeeds) {
    for (long seed = fromSeed; seed < fromSeed + maxSeeds; seed++) {
      RunResult result = runSeed(options, roles, seed);
      if (result.violation().isPresent()) {
        return result.violation();
      }
    }
    return Optional.empty();
  }

  /** Adds up results from all worker threads. */
  private static final class Totals {
    private long runs;
    private long virtualMillis;
    private long maxSettleMillis;
    private final Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
    private final List<Violation> violations = new ArrayList<>();
    private RunResult single;

    synchronized void add(RunResult result, boolean keep) {
      runs++;
      virtualMillis += result.virtualMillis();
      maxSettleMillis = Math.max(maxSettleMillis, result.settleMillis());
      result.faults().forEach((kind, count) -> faults.merge(kind, count, Long::sum));
      result.violation().ifPresent(violations::add);
      if (keep) {
        single = result;
      }
    }

    synchronized int violationCount() {
      return violations.size();
    }

    synchronized ChaosSummary summary(ChaosOptions options, long wallMillis) {
      List<Violation> sorted = new ArrayList<>(violations);
      sorted.sort(Comparator.comparingLong(Violation::seed));
      return new ChaosSummary(options, runs, sorted, virtualMillis, faults, wallMillis,
          maxSettleMillis, Optional.ofNullable(single));
    }
  }

  /** A one-line progress bar, redrawn at most a few times a second. */
  private static final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final long total;
    private final long started = System.nanoTime();
    private long done;
    private long lastDrawn;

    Progress(PrintStream out, long total) {
      this.out = out;
      this.total = total;
    }

    synchronized void advance(int violations) {
      done++;
      long nowNanos = System.nanoTime();
      if (out != null && (done == total || nowNanos - lastDrawn > 200_000_000L)) {
        lastDrawn = nowNanos;
        int filled = (int) (WIDTH * done / total);
        double seconds = Math.max(1e-9, (nowNanos - started) / 1e9);
        out.printf("\r[%s%s] %d/%d seeds, %d violations, %.1f seeds/s", "#".repeat(filled),
            ".".repeat(WIDTH - filled), done, total, violations, done / seconds);
        out.flush();
      }
    }

    synchronized void finish() {
      if (out != null) {
        out.println();
      }
    }
  }
}
