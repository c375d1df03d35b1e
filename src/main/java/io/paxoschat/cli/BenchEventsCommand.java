package io.paxoschat.cli;

import io.paxoschat.actor.ReplicaState;
import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.events.EventClock;
import io.paxoschat.events.EventRecorder;
import io.paxoschat.events.JsonLinesRecorder;
import io.paxoschat.events.Sampling;
import io.paxoschat.fault.InjectedFaults;
import io.paxoschat.sim.Simulation;
import io.paxoschat.sim.SimulationResult;
import io.paxoschat.sim.SimulationSpec;
import io.paxoschat.storage.DataDirs;
import io.paxoschat.storage.StorageSettings;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench-events}: what recording events costs the one-JVM simulation. A benchmark,
 * not a test: it runs the throughput run of {@code bin/simulate --generate} with the recorder off
 * and on in pairs, in one JVM, and prints lines per second and CPU seconds of each run, their
 * medians, and the median of the pairs' on/off ratios with the spread of the middle half. A
 * run's CPU leaves out the JIT compilers' threads, whose work lands on whichever run triggers it
 * (after warm-up it still came to half a run's CPU now and then); on Linux it is also split into
 * the event writer's thread, the collector's and the rest.
 *
 * <p>The ratio of the two runs of a pair is the steadier figure: both runs see the same JIT state
 * and the same load, which drift over an invocation (throughput still climbs after the first
 * pairs). Which of the two runs first alternates from pair to pair, and a full collection
 * precedes every run, so that neither side keeps paying for the other's garbage.
 */
@Command(
    name = "bench-events",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = "Runs the one-JVM throughput simulation with event recording off and on, in pairs,"
        + " and prints lines/s and CPU seconds per run, their medians, and the median on/off ratio of the pairs.")
public final class BenchEventsCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "${sys:paxoschat.home:-.}/conf/cluster-f1.conf",
      description = "Cluster config. Default: ${DEFAULT-VALUE}")
  Path configFile;

  @Option(names = "--lines", paramLabel = "N", defaultValue = "100000", converter = AtLeastOne.Int.class,
      description = "Lines each client sends. Default: ${DEFAULT-VALUE}")
  int lines;

  @Option(names = "--runs", paramLabel = "R", defaultValue = "15", converter = AtLeastOne.Int.class,
      description = "Timed pairs (one run off, one on). Default: ${DEFAULT-VALUE}")
  int runs;

  @Option(names = "--warm-up", paramLabel = "W", defaultValue = "5", converter = AtLeastOne.Int.class,
      description = "Pairs run first and not counted, while the JIT compiles. Default: ${DEFAULT-VALUE}")
  int warmUp;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}/paxos-chat-bench-events",
      description = "Scratch directory for logs, data and the record. Default: ${DEFAULT-VALUE}")
  Path dir;

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

  private final PrintStream out;
  private int clientCount;

  public BenchEventsCommand() {
    this(System.out);
  }

  BenchEventsCommand(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(CommandLines.create(new BenchEventsCommand(), System.out, System.err).execute(args));
  }

  /**
   * One run: {@code cpuSeconds} is the process's CPU less the JIT compilers' (their work lands on
   * whichever run triggers it), {@code groups} that CPU by thread group.
   */
  private record Run(double linesPerSecond, double cpuSeconds, Map<ThreadGroupCpu.Group, Long> groups,
      long viewChanges, boolean completed) {

    double seconds(ThreadGroupCpu.Group group) {
      return groups.get(group) / 1e9;
    }

    /** The actors, the storage threads, the main thread: what is not the writer's or the GC's. */
    double restSeconds() {
      return cpuSeconds - seconds(ThreadGroupCpu.Group.WRITER) - seconds(ThreadGroupCpu.Group.GC);
    }
  }

  @Override
  public Integer call() throws Exception {
    ClusterConfig config = ClusterConfig.load(configFile);
    clientCount = config.clientCount();
    out.printf(Locale.ROOT, "%d clients x %d lines on %s; warm-up pairs: %d; load average %.1f at the start%n",
        config.clientCount(), lines, configFile, warmUp, loadAverage());
    out.printf(Locale.ROOT, "%-9s %-7s %12s %9s %12s %9s %9s %9s%n", "pair", "first", "off lines/s", "off CPU",
        "on lines/s", "on CPU", "on/off", "CPU");
    List<Run> off = new ArrayList<>();
    List<Run> on = new ArrayList<>();
    List<Double> rateRatios = new ArrayList<>();
    List<Double> cpuRatios = new ArrayList<>();
    for (int i = 1 - warmUp; i <= runs; i++) {
      boolean onFirst = (i & 1) == 0;
      Run first = run(config, i, onFirst);
      Run second = run(config, i, !onFirst);
      Run a = onFirst ? second : first;
      Run b = onFirst ? first : second;
      boolean counted = i >= 1;
      boolean completed = a.completed() && b.completed();
      double rateRatio = b.linesPerSecond() / a.linesPerSecond();
      double cpuRatio = b.cpuSeconds() / a.cpuSeconds();
      out.printf(Locale.ROOT, "%-9s %-7s %12.0f %7.2f s %12.0f %7.2f s %+8.1f%% %+8.1f%%%s%n",
          counted ? "run " + i : "warm-up", onFirst ? "on" : "off", a.linesPerSecond(), a.cpuSeconds(),
          b.linesPerSecond(), b.cpuSeconds(), percent(rateRatio), percent(cpuRatio),
          (completed ? "" : "  INCOMPLETE") + (a.viewChanges() + b.viewChanges() > 0 ? "  view change" : ""));
      // A pair counts only if both runs did the whole work: an incomplete run is timed to its timeout.
      if (counted && completed) {
        off.add(a);
        on.add(b);
        rateRatios.add(rateRatio);
        cpuRatios.add(cpuRatio);
      }
    }
    if (off.isEmpty()) {
      out.println("no pair of runs completed: the machine is too busy to measure");
      return 1;
    }
    double offRate = quantile(off.stream().map(Run::linesPerSecond).toList(), 0.5);
    double onRate = quantile(on.stream().map(Run::linesPerSecond).toList(), 0.5);
    out.printf(Locale.ROOT, "%-9s %-7s %12.0f %7.2f s %12.0f %7.2f s %+8.1f%% %+8.1f%%%n", "median", "",
        offRate, quantile(off.stream().map(Run::cpuSeconds).toList(), 0.5), onRate,
        quantile(on.stream().map(Run::cpuSeconds).toList(), 0.5),
        percent(quantile(rateRatios, 0.5)), percent(quantile(cpuRatios, 0.5)));
    out.printf(Locale.ROOT, "recording on, median of %d pairs: throughput %+.1f %% (middle half %+.1f to %+.1f %%),"
            + " CPU %+.1f %% (%+.1f to %+.1f %%); medians of the runs: %+.1f %%; load average %.1f at the end%n",
        rateRatios.size(), percent(quantile(rateRatios, 0.5)), percent(quantile(rateRatios, 0.25)),
        percent(quantile(rateRatios, 0.75)), percent(quantile(cpuRatios, 0.5)), percent(quantile(cpuRatios, 0.25)),
        percent(quantile(cpuRatios, 0.75)), percent(onRate / offRate), loadAverage());
    if (ThreadGroupCpu.available()) {
      out.println("CPU by thread group, mean seconds per run (a collection comes now and then), and the median CPU per line"
          + " (CPU above: the process's less the JIT compilers'):");
      printGroups("off", off);
      printGroups("on", on);
    }
    return 0;
  }

  private Run run(ClusterConfig config, int index, boolean record) throws Exception {
    Path logs = dir.resolve("logs");
    StorageSettings storage = config.storage().withDataDir(dir.resolve("data"));
    ChatLogFiles.deleteAll(logs);
    DataDirs.deleteAll(storage.dataDir());
    Files.createDirectories(dir);
    List<List<String>> clientLines = IntStream.range(0, config.clientCount())
        .mapToObj(client -> List.copyOf(new GeneratedLines(client, lines)))
        .toList();
    SimulationSpec spec = new SimulationSpec(config.replicaCount(), clientLines, config.protocolSettings(),
        config.tick(), InjectedFaults.none(index + 1), RUN_TIMEOUT);
    EventRecorder events = record
        ? JsonLinesRecorder.openWriting(dir.resolve("events.jsonl"), EventClock.wall(), Sampling.DEFAULT,
            Duration.ofMillis(200))
        : EventRecorder.OFF;
    events.header(Map.of("scenario", "bench-events"));
    System.gc(); // the run before left its cluster's garbage: this run must not pay for it
    long cpuBefore = ProcessCpu.nanos();
    Map<ThreadGroupCpu.Group, Long> groupsBefore = ThreadGroupCpu.now();
    SimulationResult result = Simulation.runWithStates(spec,
        id -> ReplicaState.recover(id, config.replicaCount(), config.protocolSettings(), storage, logs),
        Simulation.ProgressListener.SILENT, events);
    // Before close: the writer thread ends with it, and its time with it.
    Map<ThreadGroupCpu.Group, Long> groups = ThreadGroupCpu.since(groupsBefore, ThreadGroupCpu.now());
    events.close(Map.of());
    long cpu = ProcessCpu.nanos() - cpuBefore - groups.get(ThreadGroupCpu.Group.JIT);
    return new Run(result.linesPerSecond(), cpu / 1e9, groups, result.finalView(), result.completed());
  }

  private void printGroups(String name, List<Run> runs) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-4s", name));
    line.append(String.format(Locale.ROOT, "  actors and the rest %.3f s",
        runs.stream().mapToDouble(Run::restSeconds).average().orElse(0)));
    for (ThreadGroupCpu.Group group : ThreadGroupCpu.Group.values()) {
      line.append(String.format(Locale.ROOT, "  %s %.3f s", group.name().toLowerCase(Locale.ROOT),
          runs.stream().mapToDouble(run -> run.seconds(group)).average().orElse(0)));
    }
    double linesPerRun = (double) lines * clientCount;
    line.append(String.format(Locale.ROOT, "; %.2f us CPU per line",
        1e6 * quantile(runs.stream().map(Run::cpuSeconds).toList(), 0.5) / linesPerRun));
    out.println(line);
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double percent(double ratio) {
    return 100 * (ratio - 1);
  }

  /** The {@code q} quantile of {@code values}, interpolated between the two nearest (q = 0.5: the median). */
  static double quantile(List<Double> values, double q) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    double position = q * (sorted.size() - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.size() - 1);
    return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
  }
}
