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
 * and on, alternately in one JVM, and prints lines per second and CPU seconds of each run and the
 * medians.
 */
@Command(
    name = "bench-events",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = "Runs the one-JVM throughput simulation with event recording off and on, alternately,"
        + " and prints lines/s and CPU seconds per run and their medians.")
public final class BenchEventsCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "${sys:paxoschat.home:-.}/conf/cluster-f1.conf",
      description = "Cluster config. Default: ${DEFAULT-VALUE}")
  Path configFile;

  @Option(names = "--lines", paramLabel = "N", defaultValue = "10000", converter = AtLeastOne.Int.class,
      description = "Lines each client sends. Default: ${DEFAULT-VALUE}")
  int lines;

  @Option(names = "--runs", paramLabel = "R", defaultValue = "5", converter = AtLeastOne.Int.class,
      description = "Timed runs of each, after one warm-up pair. Default: ${DEFAULT-VALUE}")
  int runs;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}/paxos-chat-bench-events",
      description = "Scratch directory for logs, data and the record. Default: ${DEFAULT-VALUE}")
  Path dir;

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

  private final PrintStream out;

  public BenchEventsCommand() {
    this(System.out);
  }

  BenchEventsCommand(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(CommandLines.create(new BenchEventsCommand(), System.out, System.err).execute(args));
  }

  private record Run(double linesPerSecond, double cpuSeconds, long viewChanges, boolean completed) {}

  @Override
  public Integer call() throws Exception {
    ClusterConfig config = ClusterConfig.load(configFile);
    out.printf(Locale.ROOT, "%d clients x %d lines on %s; load average %.1f at the start%n", config.clientCount(),
        lines, configFile, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    List<Run> off = new ArrayList<>();
    List<Run> on = new ArrayList<>();
    for (int i = 0; i <= runs; i++) {
      Run a = run(config, i, false);
      Run b = run(config, i, true);
      boolean warmUp = i == 0;
      out.printf(Locale.ROOT, "%-8s off %8.0f lines/s %6.2f s CPU %3d views%s   on %8.0f lines/s %6.2f s CPU %3d views%s%n",
          warmUp ? "warm-up" : "run " + i, a.linesPerSecond(), a.cpuSeconds(), a.viewChanges(),
          a.completed() ? "" : " (INCOMPLETE)", b.linesPerSecond(), b.cpuSeconds(), b.viewChanges(),
          b.completed() ? "" : " (INCOMPLETE)");
      // A pair counts only if both runs did the whole work: an incomplete run is timed to its timeout.
      if (!warmUp && a.completed() && b.completed()) {
        off.add(a);
        on.add(b);
      }
    }
    if (off.isEmpty()) {
      out.println("no pair of runs completed: the machine is too busy to measure");
      return 1;
    }
    double offRate = median(off.stream().map(Run::linesPerSecond).toList());
    double onRate = median(on.stream().map(Run::linesPerSecond).toList());
    double offCpu = median(off.stream().map(Run::cpuSeconds).toList());
    double onCpu = median(on.stream().map(Run::cpuSeconds).toList());
    out.printf(Locale.ROOT, "median    off %8.0f lines/s %6.2f s CPU          on %8.0f lines/s %6.2f s CPU%n",
        offRate, offCpu, onRate, onCpu);
    out.printf(Locale.ROOT, "recording on: throughput %+.1f %%, CPU %+.1f %%; load average %.1f at the end%n",
        100 * (onRate / offRate - 1), 100 * (onCpu / offCpu - 1),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return 0;
  }

  private Run run(ClusterConfig config, int index, boolean record) throws Exception {
    Path logs = dir.resolve("logs");
    StorageSettings storage = config.storage().withDataDir(dir.resolve("data"));
    ChatLogFiles.deleteAll(logs);
    DataDirs.deleteAll(storage.dataDir());
    Files.createDirectories(dir);
    List<List<String>> clientLines = IntStream.range(0, config.clientCount())
        .mapToObj(client -> IntStream.rangeClosed(1, lines).mapToObj(n -> "client " + client + " says hello #" + n)
            .toList())
        .toList();
    SimulationSpec spec = new SimulationSpec(config.replicaCount(), clientLines, config.protocolSettings(),
        config.tick(), InjectedFaults.none(index + 1), RUN_TIMEOUT);
    EventRecorder events = record
        ? JsonLinesRecorder.openWriting(dir.resolve("events.jsonl"), EventClock.wall(), Sampling.DEFAULT,
            Duration.ofMillis(200))
        : EventRecorder.OFF;
    events.header(Map.of("scenario", "bench-events"));
    long cpuBefore = processCpuNanos();
    SimulationResult result = Simulation.runWithStates(spec,
        id -> ReplicaState.recover(id, config.replicaCount(), config.protocolSettings(), storage, logs),
        Simulation.ProgressListener.SILENT, events);
    events.close(Map.of());
    double cpu = (processCpuNanos() - cpuBefore) / 1e9;
    return new Run(result.linesPerSecond(), cpu, result.finalView(), result.completed());
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
