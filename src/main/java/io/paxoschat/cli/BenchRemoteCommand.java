package io.paxoschat.cli;

import io.paxoschat.chatlog.ConsistencyChecker;
import io.paxoschat.chatlog.ConsistencyReport;
import io.paxoschat.cluster.Await;
import io.paxoschat.cluster.NodeFiles;
import io.paxoschat.cluster.NodeProcesses;
import io.paxoschat.cluster.ReplicaReport;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.ConfigException;
import io.paxoschat.remote.NodeId;
import io.paxoschat.sim.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench-remote}: figures of the one-JVM-per-node mode on this machine, each the
 * median of several runs: how long {@code bin/cluster start} takes to a ready cluster, how long
 * the five original test cases take across processes, and throughput and commit latency of
 * three clients sending many lines, over TCP and over TLS.
 */
@Command(
    name = "bench-remote",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Measures the cluster across processes (one JVM per replica and per client) and prints a table.",
      "Uses the ports of the config files: nothing else may listen there while it runs."
    })
public final class BenchRemoteCommand implements Callable<Integer> {

  private static final Duration RESTART_WAIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(20);

  @Option(names = "--runs", paramLabel = "N", defaultValue = "3", converter = AtLeastOne.Int.class, description = "Runs per figure (median). Default: ${DEFAULT-VALUE}")
  int runs;

  @Option(names = "--lines", paramLabel = "N", defaultValue = "10000", converter = AtLeastOne.Int.class,
      description = "Lines per client in the throughput runs. Default: ${DEFAULT-VALUE}")
  int lines;

  @Option(names = "--warmup-rounds", paramLabel = "N", defaultValue = "1", converter = AtLeastZero.Int.class,
      description = "Throughput: before the measured round, N rounds of the same clients' work against the same"
          + " replica JVMs (new client JVMs each round); the first round is also printed, as the cold figure."
          + " Default: ${DEFAULT-VALUE}")
  int warmupRounds;

  @Option(names = "--steady-rate", paramLabel = "LINES_PER_SECOND", defaultValue = "20000", converter = AtLeastZero.Int.class,
      description = "Throughput: after the warm round, one more round in which the clients together offer this many"
          + " lines a second (bin/client --rate), each line timed from when it is handed to its client as it falls due,"
          + " so that a line waiting for the client's window counts its wait; 0 leaves it out. Default: ${DEFAULT-VALUE}")
  int steadyRate;

  @Option(names = "--steady-seconds", paramLabel = "S", defaultValue = "5", converter = AtLeastOne.Int.class,
      description = "How long the steady round offers its timed lines. Default: ${DEFAULT-VALUE}")
  int steadySeconds;

  @Option(names = "--steady-warmup-seconds", paramLabel = "S", defaultValue = "6", converter = AtLeastZero.Int.class,
      description = "Before the steady round's timed lines, its clients offer the same rate for this long, untimed"
          + " (bin/client --untimed): a client's new JVM runs slow code at first and takes the cores from the"
          + " replicas while it compiles, for some 6 s on two cores. Those lines' latencies are printed apart."
          + " Default: ${DEFAULT-VALUE}")
  int steadyWarmupSeconds;

  /** Which transports the throughput runs use. */
  enum Transport { tcp, tls }

  @Option(names = "--transport", paramLabel = "T", split = ",", defaultValue = "tcp,tls",
      description = "Throughput: some of tcp, tls. Default: ${DEFAULT-VALUE}")
  List<Transport> transports;

  @Option(names = "--only", paramLabel = "PART", split = ",",
      description = "Some of: start, originals, throughput (default: all).")
  List<String> only = List.of("start", "originals", "throughput");

  @Option(names = "--conf", paramLabel = "DIR", defaultValue = "${sys:paxoschat.home:-.}/conf",
      description = "Where cluster-f1.conf, cluster-f2.conf and messages/ are. Default: ${DEFAULT-VALUE}")
  Path conf;

  @Option(names = "--throughput-config", paramLabel = "FILE",
      description = "Cluster for the throughput runs (default: cluster-f1.conf in --conf).")
  Path throughputConfig;

  @Option(names = "--logs", paramLabel = "DIR", defaultValue = "${sys:paxoschat.home:-.}/logs/bench-remote",
      description = "Scratch space for the runs' logs and keys. Default: ${DEFAULT-VALUE}")
  Path logs;

  private final PrintStream out;
  private final PrintStream err;

  public BenchRemoteCommand() {
    this(System.out, System.err);
  }

  BenchRemoteCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(CommandLines.create(new BenchRemoteCommand(), System.out, System.err).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path f1 = conf.resolve("cluster-f1.conf");
    Path f2 = conf.resolve("cluster-f2.conf");
    Path tp = throughputConfig != null ? throughputConfig : f1;
    int clients = ClusterConfig.load(tp).clientCount();
    if (only.contains("throughput") && steadyRate > 0 && steadyRate < clients) {
      throw new UsageException("--steady-rate " + steadyRate + " is less than a line a second for each of the "
          + clients + " clients of " + tp + ": give at least " + clients + ", or 0 to leave the steady round out");
    }
    try {
      for (Path file : List.of(f1, f2, tp)) {
        ClusterConfig config = ClusterConfig.load(file);
        checkPortsFree(config);
      }
    } catch (UsageException | ConfigException e) {
      err.println("bench-remote: " + e.getMessage());
      return 2;
    }
    Files.createDirectories(logs);
    out.printf("bench-remote: %d cores, %s, median of %d runs%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), runs);
    boolean ok = true;
    if (only.contains("start")) {
      ok &= startTimes(f1) & startTimes(f2);
    }
    if (only.contains("originals")) {
      ok &= originals(f2);
    }
    if (only.contains("throughput")) {
      for (Transport transport : new TreeSet<>(transports)) {
        ok &= throughput(tp, transport == Transport.tls);
      }
    }
    return ok ? 0 : 1;
  }

  // ---- cluster start ----------------------------------------------------------------------

  private boolean startTimes(Path config) throws Exception {
    ClusterConfig cluster = ClusterConfig.load(config);
    int restarted = cluster.replicaCount() - 1;
    List<Double> seconds = new ArrayList<>();
    List<Double> backSeconds = new ArrayList<>();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    for (int run = 0; run < runs; run++) {
      Path dir = logs.resolve("start-" + run);
      clean(dir);
      long started = System.nanoTime();
      // As a user runs it: a JVM of its own, until the cluster is ready.
      Process start = new ProcessBuilder(NodeProcesses.javaCommand(ClusterCommand.class.getName(),
          List.of("start", "--config", config.toString(), "--logs", dir.toString(),
              "--data", dir.resolve("data").toString(), "--no-gateways")))
          .redirectErrorStream(true).redirectOutput(dir.resolve("cluster-start.out").toFile()).start();
      boolean ready = start.waitFor(120, TimeUnit.SECONDS) && start.exitValue() == 0;
      seconds.add((System.nanoTime() - started) / 1e9);
      OptionalDouble back = ready ? restartTime(config, dir, restarted) : OptionalDouble.empty();
      back.ifPresent(backSeconds::add);
      cluster("stop", config, dir);
      if (!ready) {
        out.println("  cluster start failed: see " + dir.resolve("cluster-start.out"));
        return false;
      }
      if (back.isEmpty()) {
        out.println("  replica-" + restarted + " was not back within " + RESTART_WAIT.toSeconds() + " s: see " + dir);
        return false;
      }
    }
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    out.printf(Locale.ROOT, "%-44s %8.2f s   (runs: %s; load average %.1f to %.1f)%n",
        "bin/cluster start to ready, " + cluster.replicaCount() + " replicas",
        median(seconds), show(seconds), loadBefore, loadAfter);
    out.printf(Locale.ROOT, "%-44s %8.2f s   (runs: %s)%n",
        "  replica-" + restarted + " SIGKILLed, restarted, following",
        median(backSeconds), show(backSeconds));
    return true;
  }

  /**
   * Kills a follower of a ready cluster with SIGKILL, starts it again from its files as an
   * operator would ({@code bin/replica} without {@code --init}) and times how long it takes to
   * run its roles again in the view the cluster's primary leads; empty if it is not back in time.
   */
  private OptionalDouble restartTime(Path config, Path dir, int id) throws Exception {
    Path logsDir = dir.toAbsolutePath();
    NodeId node = NodeId.replica(id);
    Optional<ProcessHandle> victim = ClusterCommand.runningReplica(logsDir, id);
    Optional<ReplicaReport> primary = ClusterCommand.primary(ClusterConfig.load(config), logsDir);
    if (victim.isEmpty() || primary.isEmpty()) {
      return OptionalDouble.empty();
    }
    long view = primary.get().view();
    victim.get().destroyForcibly();
    victim.get().onExit().get(RESTART_WAIT.toSeconds(), TimeUnit.SECONDS);
    long started = System.nanoTime();
    Process replica = NodeProcesses.startDetached(NodeProcesses.javaCommand(ReplicaCommand.class.getName(),
        List.of("--config", config.toString(), "--id", String.valueOf(id), "--logs", logsDir.toString(),
            "--data", logsDir.resolve("data").toString())), logsDir.resolve("replica-" + id + "-restarted.out"));
    NodeProcesses.writePid(NodeFiles.pid(logsDir, node), replica.pid());
    long[] upAt = {-1};
    Await.until(() -> {
      Optional<ReplicaReport> state = ClusterCommand.liveState(logsDir, id);
      if (state.isPresent() && state.get().view() >= view) {
        upAt[0] = System.nanoTime();
      }
      return upAt[0] >= 0 || !replica.isAlive();
    }, Duration.ofNanos(Math.max(0, started + RESTART_WAIT.toNanos() - System.nanoTime())), POLL);
    return upAt[0] >= 0 ? OptionalDouble.of((upAt[0] - started) / 1e9) : OptionalDouble.empty();
  }

  // ---- the five original cases ------------------------------------------------------------

  private boolean originals(Path config) throws Exception {
    ClusterConfig cluster = ClusterConfig.load(config);
    out.printf("original test cases across processes, f = %d (%d replicas, %d clients, conf/messages):%n",
        cluster.f(), cluster.replicaCount(), cluster.clientCount());
    out.printf("  %-10s %12s %14s   %-22s %s%n", "case", "clients (s)", "start+run (s)", "fault seen (runs)", "logs (last run)");
    boolean ok = true;
    for (Scenario scenario : Scenario.originals()) {
      List<Double> clientSeconds = new ArrayList<>();
      List<Double> totalSeconds = new ArrayList<>();
      String verdict = "";
      int faultSeen = 0;
      int fail = scenario.failPrimaries(cluster.f());
      for (int run = 0; run < runs; run++) {
        Path dir = logs.resolve("original-" + scenario.name() + "-" + run);
        clean(dir);
        List<String> faults = new ArrayList<>(List.of("--seed", String.valueOf(run + 1)));
        if (fail > 0) {
          faults.addAll(List.of("--fail", String.valueOf(fail)));
        }
        if (scenario.skipSlot() >= 0) {
          faults.addAll(List.of("--skip", String.valueOf(scenario.skipSlot())));
        }
        if (scenario.lossProbability() > 0) {
          faults.addAll(List.of("--loss", String.valueOf(scenario.lossProbability())));
        }
        long started = System.nanoTime();
        try {
          if (cluster("start", config, dir, faults.toArray(String[]::new)) != 0) {
            verdict = "cluster did not start";
            ok = false;
            break;
          }
          long clientsStarted = System.nanoTime();
          List<String> clientArgs = new ArrayList<>(List.of("--messages", conf.resolve("messages").toString(),
              "--seed", String.valueOf(run + 1)));
          if (scenario.lossProbability() > 0) {
            clientArgs.addAll(List.of("--loss", String.valueOf(scenario.lossProbability())));
          }
          int clients = cluster("clients", config, dir, clientArgs.toArray(String[]::new));
          double clientsDone = (System.nanoTime() - clientsStarted) / 1e9;
          ConsistencyReport report = awaitConsistentLogs(dir, cluster.replicaCount() - fail);
          totalSeconds.add((System.nanoTime() - started) / 1e9);
          clientSeconds.add(clientsDone);
          verdict = clients != 0 ? "clients failed" : report.verdictLine();
          ok &= clients == 0 && report.ok();
          faultSeen += faultHappened(scenario, fail, dir) ? 1 : 0;
        } finally {
          cluster("stop", config, dir);
        }
      }
      out.printf(Locale.ROOT, "  %-10s %12.2f %14.2f   %-22s %s%n", scenario.name(), median(clientSeconds),
          median(totalSeconds), faultSeen + "/" + runs + " " + faultName(scenario, fail), verdict);
    }
    return ok;
  }

  private static String faultName(Scenario scenario, int fail) {
    if (fail > 0) {
      return fail + " crash" + (fail > 1 ? "es" : "");
    }
    if (scenario.skipSlot() >= 0) {
      return "slot " + scenario.skipSlot() + " no-op";
    }
    return scenario.lossProbability() > 0 ? "lost messages" : "-";
  }

  /**
   * Whether the run had the fault it asked for: crashes show in the replicas' output; a skipped
   * slot is a no-op in the logs; loss shows as client retries would, so it is taken on trust.
   */
  private static boolean faultHappened(Scenario scenario, int fail, Path dir) throws IOException {
    if (fail > 0) {
      int crashed = 0;
      for (Path out : Files.newDirectoryStream(dir, "replica-*.out")) {
        crashed += Files.readString(out).contains("crashing as primary") ? 1 : 0;
      }
      return crashed == fail;
    }
    if (scenario.skipSlot() >= 0) {
      for (Path log : io.paxoschat.chatlog.ChatLogFiles.list(dir).values()) {
        if (Files.readAllLines(log).contains(scenario.skipSlot() + "\t" + io.paxoschat.chatlog.ChatLogFormat.NOOP)) {
          return true;
        }
      }
      return false;
    }
    return true;
  }

  /** Waits (a while) until the logs of the live replicas agree and hold everything decided. */
  private ConsistencyReport awaitConsistentLogs(Path dir, int live) throws InterruptedException {
    AtomicReference<ConsistencyReport> report = new AtomicReference<>(ConsistencyChecker.check(dir));
    Await.until(() -> {
      report.set(ConsistencyChecker.check(dir));
      Map<Integer, Integer> counts = report.get().lineCounts();
      int longest = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      long atLongest = counts.values().stream().filter(c -> c == longest).count();
      return report.get().ok() && atLongest >= live;
    }, Duration.ofSeconds(20), Duration.ofMillis(100));
    return report.get();
  }

  // ---- throughput -------------------------------------------------------------------------

  private boolean throughput(Path config, boolean tls) throws Exception {
    ClusterConfig base = ClusterConfig.load(config);
    Path runConfig = config;
    if (tls) {
      Path certs = logs.resolve("certs");
      if (!Files.exists(certs.resolve("truststore.p12"))) {
        Files.createDirectories(certs);
        Path log = logs.resolve("gen-certs.out");
        try (PrintStream captured = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
          if (GenCertsCommand.execute(new String[] {"--config", config.toString(), "--out", certs.toString(),
              "--new-ca"}, captured, captured) != 0) {
            out.println("  gen-certs failed: see " + log);
            return false;
          }
        }
      }
      runConfig = logs.resolve("throughput-tls.conf");
      Files.writeString(runConfig, "include file(\"" + config.toAbsolutePath() + "\")\n"
          + "tls { enabled = on, dir = \"" + certs.toAbsolutePath() + "\" }\n");
    }
    List<Round> cold = new ArrayList<>();
    List<Round> warm = new ArrayList<>();
    List<Round> steady = new ArrayList<>();
    int steadyRatePerClient = steadyRate / base.clientCount();
    for (int run = 0; run < runs; run++) {
      Path dir = logs.resolve("throughput-" + (tls ? "tls-" : "tcp-") + run);
      clean(dir);
      try {
        if (cluster("start", runConfig, dir, "--seed", String.valueOf(run + 1)) != 0) {
          out.println("  cluster did not start: see " + dir);
          return false;
        }
        for (int round = 0; round <= warmupRounds; round++) {
          Optional<Round> figures = clientRound(runConfig, base, dir, dir.resolve("round-" + round), lines, 0, 0);
          if (figures.isEmpty()) {
            return false;
          }
          if (round == 0 && warmupRounds > 0) {
            cold.add(figures.get());
          } else if (round == warmupRounds) {
            warm.add(figures.get());
          }
        }
        if (steadyRatePerClient > 0) {
          int untimed = steadyRatePerClient * steadyWarmupSeconds;
          Optional<Round> figures = clientRound(runConfig, base, dir, dir.resolve("steady"),
              untimed + steadyRatePerClient * steadySeconds, steadyRatePerClient, untimed);
          if (figures.isEmpty()) {
            return false;
          }
          steady.add(figures.get());
        }
      } finally {
        cluster("stop", runConfig, dir);
      }
    }
    String name = String.format(Locale.ROOT, "throughput, %d replicas, %d clients x %d, %s", base.replicaCount(),
        base.clientCount(), lines, tls ? "TLS" : "TCP");
    if (warmupRounds > 0) {
      printRows(name + ", cold", cold);
      printRows(name + ", warm (round " + (warmupRounds + 1) + ")", warm);
    } else {
      printRows(name, warm);
    }
    if (!steady.isEmpty()) {
      printRows(String.format(Locale.ROOT, "steady, %d clients x %d lines/s offered, %s", base.clientCount(),
          steadyRatePerClient, tls ? "TLS" : "TCP"), steady);
      if (steadyWarmupSeconds > 0) {
        out.printf(Locale.ROOT, "%-56s %8s          commit latency p50 %.1f ms, p99 %.1f ms   (p99: %s)%n",
            "  the " + steadyWarmupSeconds + " s before it, untimed (clients' JVMs warming up)", "",
            median(steady.stream().map(Round::untimedP50).toList()),
            median(steady.stream().map(Round::untimedP99).toList()),
            show(steady.stream().map(Round::untimedP99).toList()));
      }
    }
    return true;
  }

  /**
   * What one round of clients measured: lines/s, commit latency and CPU per line (replicas', busiest
   * replica's, clients'), all of the timed lines, and the commit latency of the untimed ones (NaN if none).
   */
  private record Round(double rate, double p50, double p99, double replicaCpu, double busiestCpu, double clientCpu,
      double untimedP50, double untimedP99) {}

  private void printRows(String name, List<Round> rounds) {
    List<Double> rates = rounds.stream().map(Round::rate).toList();
    out.printf(Locale.ROOT, "%-56s %8.0f lines/s  commit latency p50 %.1f ms, p99 %.1f ms   (lines/s: %s; p99: %s)%n",
        name, median(rates), median(rounds.stream().map(Round::p50).toList()),
        median(rounds.stream().map(Round::p99).toList()), show(rates), show(rounds.stream().map(Round::p99).toList()));
    out.printf(Locale.ROOT, "%-56s %8.1f us/line replicas (busiest %.1f), %.1f us/line clients%n",
        "  CPU while sending", median(rounds.stream().map(Round::replicaCpu).toList()),
        median(rounds.stream().map(Round::busiestCpu).toList()), median(rounds.stream().map(Round::clientCpu).toList()));
  }

  /**
   * One round against the running cluster in {@code clusterDir}: a JVM per client sending
   * {@code linesPerClient} generated lines, all let go at once, or, with {@code ratePerClient}
   * above 0, paced at that many a second, the first {@code untimedPerClient} of them untimed;
   * their files go to {@code dir}. Empty (with one line said) if a client failed.
   */
  private Optional<Round> clientRound(Path runConfig, ClusterConfig base, Path clusterDir, Path dir,
      int linesPerClient, int ratePerClient, int untimedPerClient) throws Exception {
    Files.createDirectories(dir);
    List<Process> clients = new ArrayList<>();
    Path go = dir.resolve("start");
    for (int id = 0; id < base.clientCount(); id++) {
      List<String> args = new ArrayList<>(List.of(
          "--config", runConfig.toString(), "--id", String.valueOf(id), "--generate", String.valueOf(linesPerClient),
          "--report", dir.resolve("client-" + id + ".report").toString(), "--timeout", "300",
          "--ready-file", dir.resolve("client-" + id + ".ready").toString(), "--start-file", go.toString(),
          "--logs", dir.toString()));
      if (ratePerClient > 0) {
        args.addAll(List.of("--rate", String.valueOf(ratePerClient)));
      }
      if (untimedPerClient > 0) {
        args.addAll(List.of("--untimed", String.valueOf(untimedPerClient)));
      }
      clients.add(NodeProcesses.startDetached(NodeProcesses.javaCommand(ClientCommand.class.getName(), args),
          dir.resolve("client-" + id + ".out")));
    }
    // Clients send together once every one is connected: JVMs that start one after another
    // on a busy machine would otherwise be timed as much as the cluster.
    if (!awaitClientsReady(dir, clients)) {
      return Optional.empty();
    }
    Map<Integer, Long> replicaCpuBefore = replicaCpu(clusterDir, base);
    Files.writeString(go, "go\n");
    if (untimedPerClient > 0) {
      // The replicas' CPU per line counts the timed lines' time only, as the clients' does: the
      // clients are joined, so their pacing starts as they see the start file.
      Thread.sleep(untimedPerClient * 1000L / ratePerClient);
      replicaCpuBefore = replicaCpu(clusterDir, base);
    }
    long first = Long.MAX_VALUE;
    long last = 0;
    long clientCpu = 0;
    Histogram latency = new Histogram(3);
    Histogram untimedLatency = new Histogram(3);
    for (int id = 0; id < clients.size(); id++) {
      Process client = clients.get(id);
      if (!client.waitFor(330, TimeUnit.SECONDS) || client.exitValue() != 0) {
        client.destroyForcibly();
        out.println("  client-" + id + " failed: see " + dir.resolve("client-" + id + ".out"));
        return Optional.empty();
      }
      Map<String, String> report = parseReport(dir.resolve("client-" + id + ".report"));
      first = Math.min(first, Long.parseLong(report.get("firstSendMillis")));
      last = Math.max(last, Long.parseLong(report.get("lastAckMillis")));
      clientCpu += Long.parseLong(report.get("cpuNanos"));
      latency.add(decode(report.get("latencyNanos")));
      if (report.containsKey("untimedLatencyNanos")) {
        untimedLatency.add(decode(report.get("untimedLatencyNanos")));
      }
    }
    Map<Integer, Long> replicaCpuAfter = replicaCpu(clusterDir, base);
    long replicaCpu = 0;
    long busiestReplicaCpu = 0;
    for (Map.Entry<Integer, Long> after : replicaCpuAfter.entrySet()) {
      long used = after.getValue() - replicaCpuBefore.getOrDefault(after.getKey(), after.getValue());
      replicaCpu += used;
      busiestReplicaCpu = Math.max(busiestReplicaCpu, used);
    }
    double totalLines = (linesPerClient - untimedPerClient) * (double) base.clientCount();
    boolean anyUntimed = untimedLatency.getTotalCount() > 0;
    return Optional.of(new Round(totalLines / ((last - first) / 1000.0), latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(99) / 1e6, replicaCpu / 1e3 / totalLines, busiestReplicaCpu / 1e3 / totalLines,
        clientCpu / 1e3 / totalLines, anyUntimed ? untimedLatency.getValueAtPercentile(50) / 1e6 : Double.NaN,
        anyUntimed ? untimedLatency.getValueAtPercentile(99) / 1e6 : Double.NaN));
  }

  private static Histogram decode(String base64) throws java.util.zip.DataFormatException {
    return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
  }

  /** Waits until every client wrote its ready file; false (with one line said) if one exits or 120 s pass. */
  private boolean awaitClientsReady(Path dir, List<Process> clients) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (int id = 0; id < clients.size(); id++) {
      Path ready = dir.resolve("client-" + id + ".ready");
      Process client = clients.get(id);
      Await.until(() -> Files.exists(ready) || !client.isAlive(),
          Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), Duration.ofMillis(20));
      if (!Files.exists(ready)) {
        clients.forEach(Process::destroyForcibly);
        out.println("  client-" + id + " did not get ready: see " + dir.resolve("client-" + id + ".out"));
        return false;
      }
    }
    return true;
  }

  /** CPU time used so far by each running replica of the cluster in {@code dir}, by id. */
  private static Map<Integer, Long> replicaCpu(Path dir, ClusterConfig config) {
    Map<Integer, Long> cpu = new HashMap<>();
    for (int id = 0; id < config.replicaCount(); id++) {
      java.util.OptionalLong pid = NodeProcesses.readPid(NodeFiles.pid(dir, NodeId.replica(id)));
      if (pid.isPresent()) {
        long nanos = ProcessCpu.nanosOf(pid.getAsLong());
        if (nanos >= 0) {
          cpu.put(id, nanos);
        }
      }
    }
    return cpu;
  }

  private static Map<String, String> parseReport(Path file) throws IOException {
    Map<String, String> fields = new HashMap<>();
    for (String pair : Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      fields.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return fields;
  }

  // ---- shared -----------------------------------------------------------------------------

  private int cluster(String subcommand, Path config, Path dir, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of(subcommand, "--config", config.toString(), "--logs", dir.toString()));
    if (subcommand.equals("start")) {
      // Replicas and clients only: a gateway's JVM would share the cores with what is measured.
      args.addAll(List.of("--data", dir.resolve("data").toString(), "--no-gateways"));
    }
    args.addAll(List.of(more));
    Path log = dir.resolve("cluster-" + subcommand + ".out");
    Files.createDirectories(dir);
    try (PrintStream captured = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
      return ClusterCommand.execute(args.toArray(String[]::new), captured, captured);
    }
  }

  private static void clean(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    Files.createDirectories(dir);
  }

  private static void checkPortsFree(ClusterConfig config) {
    List<io.paxoschat.config.NodeAddress> all = new ArrayList<>(config.replicas());
    all.addAll(config.clients());
    for (io.paxoschat.config.NodeAddress node : all) {
      try (ServerSocket socket = new ServerSocket(node.port(), 1, InetAddress.getByName(node.host()))) {
        socket.getLocalPort();
      } catch (IOException e) {
        throw new UsageException(config.source() + ": " + node.hostPort() + " is taken; stop whatever listens there"
            + " (bin/cluster stop?) and run again");
      }
    }
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  private static String show(List<Double> values) {
    return String.join(" ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
  }
}
