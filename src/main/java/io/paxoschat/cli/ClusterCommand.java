package io.paxoschat.cli;

import io.paxoschat.cluster.Await;
import io.paxoschat.cluster.NodeFiles;
import io.paxoschat.cluster.NodeProcesses;
import io.paxoschat.cluster.ReplicaReport;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.GatewayConfig;
import io.paxoschat.config.ConfigException;
import io.paxoschat.config.MessageFiles;
import io.paxoschat.events.ProcessRecords;
import io.paxoschat.metrics.MetricsServer;
import io.paxoschat.report.Reports;
import io.paxoschat.remote.NodeId;
import io.paxoschat.storage.ClusterIdentity;
import io.paxoschat.storage.OwnerLockHeldException;
import io.paxoschat.storage.ReplicaLocks;
import io.paxoschat.storage.StorageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/cluster}: the original's batch mode across processes. {@code start} runs every
 * replica of a config as a background JVM and returns once one of them leads; {@code clients}
 * runs every client with its message file and waits for them; {@code status} and {@code stop}
 * find the replicas again by the pid files they left in the log directory.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Starts, inspects and stops a cluster of replica processes; runs its clients.",
    subcommands = {
      ClusterCommand.Start.class,
      ClusterCommand.Stop.class,
      ClusterCommand.Status.class,
      ClusterCommand.Clients.class,
      ClusterCommand.Report.class
    })
public final class ClusterCommand implements Runnable {

  /** A state file older than this belongs to a replica that stopped writing it. */
  private static final Duration STATE_FRESH = Duration.ofSeconds(2);
  private static final Duration STOP_WAIT = Duration.ofSeconds(8);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  static int execute(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.create(new ClusterCommand(), out, err).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: start, stop, status, clients or report");
  }

  /** Options every subcommand takes. */
  static final class Common {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${sys:paxoschat.home:-.}/conf/cluster-f2.conf",
        description = "Cluster config (HOCON). Default: ${DEFAULT-VALUE}")
    Path configFile;

    @Option(names = "--logs", paramLabel = "DIR", defaultValue = "${sys:paxoschat.home:-.}/logs",
        description = "Chat logs, pid, state and output files. Default: ${DEFAULT-VALUE}")
    Path logs;

    ClusterConfig load() {
      return ClusterConfig.load(configFile);
    }
  }

  /** A subcommand: bad input is one line and exit 2. */
  abstract static class Sub implements Callable<Integer> {
    @Mixin Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try {
        return run(common.load(), out);
      } catch (UsageException | ConfigException e) {
        spec.commandLine().getErr().println("cluster " + spec.name() + ": " + e.getMessage());
        spec.commandLine().getErr().flush();
        return 2;
      } finally {
        out.flush();
      }
    }

    abstract int run(ClusterConfig config, PrintWriter out) throws Exception;
  }

  // ---- start ------------------------------------------------------------------------------

  @Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Starts every replica of the config as a background JVM (pid in LOGS/replica-<id>.pid,",
          "output in LOGS/replica-<id>.out) and returns once they are all up and one of them leads.",
          "The cluster starts empty (chat logs and acceptor logs cleared) unless --keep-data.",
          "Then it starts the gateways the config lists (bin/web) and prints their addresses, unless --no-gateways."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:ready: every replica up, a primary elected",
          "1:a replica did not start, a replica is already running, or no primary in time (all stopped again)",
          "2:bad usage or config, or a replica's files held by another program"})
  static final class Start extends Sub {
    @Option(names = "--fail", paramLabel = "N", defaultValue = "0",
        description = "The primaries of the first N views crash (halt) after their first client request (0 <= N <= f).")
    int fail;

    @Option(names = "--skip", paramLabel = "X", description = "The primary of view 0 never gets slot X accepted.")
    Long skip;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
        description = "Lose each message to a replica with probability P (0 <= P < 1).")
    double loss;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for every random choice (default: random, printed).")
    Long seed;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "Give up if the cluster is not ready after this long. Default: ${DEFAULT-VALUE}")
    double timeoutSeconds;

    @Option(names = "--data", paramLabel = "DIR",
        description = "Where replicas keep their acceptor logs (default: storage.data-dir of the config).")
    Path data;

    @Option(names = "--keep-data",
        description = "Continue from the chat logs and acceptor logs of the previous run instead of starting empty.")
    boolean keepData;

    @Option(names = "--no-gateways", description = "Start no web gateway, even if the config lists some.")
    boolean noGateways;

    @Option(names = "--no-events",
        description = "Record no events (by default each replica records into LOGS/events-replica-<id>.jsonl,"
            + " for 'cluster report').")
    boolean noEvents;

    @Override
    int run(ClusterConfig config, PrintWriter out) throws Exception {
      long runSeed = FaultFlags.plan(fail, skip, loss, seed, config, common.configFile).seed();
      if (!(timeoutSeconds > 0)) {
        throw new UsageException("--timeout must be positive, got " + timeoutSeconds);
      }
      Path logs = common.logs.toAbsolutePath();
      Path dataDir = config.storage().withDataDirOption(data).dataDir();
      WritablePaths.requireDirectory("--logs", logs);
      WritablePaths.requireDirectory(data != null ? "--data" : "storage.data-dir", dataDir);
      for (int id = 0; id < config.replicaCount(); id++) {
        Optional<ProcessHandle> running = runningReplica(logs, id);
        if (running.isPresent()) {
          out.println("replica-" + id + " is already running (pid " + running.get().pid() + "); run 'cluster stop' first");
          return 1;
        }
      }
      // Each replica takes its own locks as it starts; this only refuses to start replicas (with
      // --init, which clears their files) over files that another program owns.
      try {
        ReplicaLocks.checkFree(logs, dataDir, IntStream.range(0, config.replicaCount()).boxed().toList());
      } catch (OwnerLockHeldException | StorageException e) {
        spec.commandLine().getErr().println("cluster start: " + e.getMessage());
        return 2;
      }
      if (!keepData) {
        deleteEventRecords(logs);
      }
      long started = System.nanoTime();
      List<Process> processes = new ArrayList<>();
      // One id for every replica of a cluster started empty: files of another cluster are refused.
      String clusterId = ClusterIdentity.random();
      for (int id = 0; id < config.replicaCount(); id++) {
        NodeId node = NodeId.replica(id);
        Files.deleteIfExists(NodeFiles.state(logs, node));
        List<String> args = new ArrayList<>(List.of(
            "--config", common.configFile.toAbsolutePath().toString(), "--id", String.valueOf(id),
            "--logs", logs.toString(), "--seed", String.valueOf(runSeed),
            "--fail", String.valueOf(fail), "--loss", String.valueOf(loss)));
        if (skip != null) {
          args.addAll(List.of("--skip", String.valueOf(skip)));
        }
        if (data != null) {
          args.addAll(List.of("--data", data.toAbsolutePath().toString()));
        }
        if (!keepData) {
          args.addAll(List.of("--init", "--cluster-id", clusterId));
        }
        if (!noEvents) {
          args.addAll(List.of("--events", ProcessRecords.fileIn(logs, node.name()).toString()));
        }
        Process process = NodeProcesses.startDetached(
            NodeProcesses.javaCommand(ReplicaCommand.class.getName(), args), NodeFiles.out(logs, node));
        NodeProcesses.writePid(NodeFiles.pid(logs, node), process.pid());
        processes.add(process);
      }
      int[] exited = {-1};
      AtomicReference<ReplicaReport> primary = new AtomicReference<>();
      boolean ready = Await.until(() -> {
        for (int id = 0; id < processes.size(); id++) {
          if (!processes.get(id).isAlive()) {
            exited[0] = id;
            return true;
          }
        }
        primary(config, logs).filter(p -> allReporting(config, logs)).ifPresent(primary::set);
        return primary.get() != null;
      }, Duration.ofNanos(Math.max(0, started + (long) (timeoutSeconds * 1e9) - System.nanoTime())));
      if (exited[0] >= 0) {
        int id = exited[0];
        out.println("replica-" + id + " exited with code " + processes.get(id).exitValue() + " while starting:");
        tail(NodeFiles.out(logs, NodeId.replica(id)), 5).forEach(line -> out.println("  " + line));
        stopAll(processes);
        return 1;
      }
      if (ready) {
        out.printf(Locale.ROOT, "cluster ready in %.2f s: %d replicas up, primary replica-%d (view %d), seed %d%n",
            (System.nanoTime() - started) / 1e9, config.replicaCount(),
            primaryId(config, logs).orElse(-1), primary.get().view(), runSeed);
        if (!noGateways) {
          startGateways(config, logs, out);
        }
        return 0;
      }
      out.printf(Locale.ROOT, "no primary after %.0f s; stopping the replicas again (see %s/replica-<id>.out)%n",
          timeoutSeconds, logs);
      stopAll(processes);
      return 1;
    }

    private static boolean allReporting(ClusterConfig config, Path logs) {
      for (int id = 0; id < config.replicaCount(); id++) {
        if (liveState(logs, id).isEmpty()) {
          return false;
        }
      }
      return true;
    }

    private static void stopAll(List<Process> processes) throws InterruptedException {
      for (Process process : processes) {
        process.destroy();
      }
      for (Process process : processes) {
        if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }

  /** Starts every gateway of the config in the background and prints where its pages are. */
  static void startGateways(ClusterConfig config, Path logs, PrintWriter out) throws IOException {
    for (GatewayConfig gateway : config.gateways()) {
      NodeId node = NodeId.gateway(gateway.id());
      Optional<ProcessHandle> running = runningNode(logs, node);
      if (running.isPresent()) {
        out.println(node + " is already running (pid " + running.get().pid() + ")");
        continue;
      }
      Process process = NodeProcesses.startDetached(NodeProcesses.javaCommand(WebCommand.class.getName(),
          List.of("--config", config.source().toAbsolutePath().toString(), "--id", String.valueOf(gateway.id()),
              "--logs", logs.toString())), NodeFiles.out(logs, node));
      NodeProcesses.writePid(NodeFiles.pid(logs, node), process.pid());
      String base = "http://127.0.0.1:" + gateway.httpPort();
      out.println(node + " starting: chat " + base + "/  cluster " + base + "/cluster  metrics " + base
          + "/metrics  (console: " + NodeFiles.out(logs, node) + ")");
    }
  }

  static Optional<ProcessHandle> runningNode(Path logs, NodeId node) {
    OptionalLong pid = NodeProcesses.readPid(NodeFiles.pid(logs, node));
    return pid.isPresent() ? NodeProcesses.ours(pid.getAsLong()) : Optional.empty();
  }

  // ---- stop -------------------------------------------------------------------------------

  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = "Stops every replica that LOGS/replica-<id>.pid names and that is still running (SIGTERM,"
          + " then SIGKILL after a few seconds).")
  static final class Stop extends Sub {
    @Override
    int run(ClusterConfig config, PrintWriter out) throws Exception {
      Path logs = common.logs.toAbsolutePath();
      List<ProcessHandle> stopping = new ArrayList<>();
      for (GatewayConfig gateway : config.gateways()) {
        NodeId node = NodeId.gateway(gateway.id());
        Optional<ProcessHandle> running = runningNode(logs, node);
        if (running.isPresent()) {
          running.get().destroy();
          stopping.add(running.get());
          out.println("stopping " + node + " (pid " + running.get().pid() + ")");
        }
        Files.deleteIfExists(NodeFiles.pid(logs, node));
      }
      for (int id = 0; id < config.replicaCount(); id++) {
        Optional<ProcessHandle> running = runningReplica(logs, id);
        if (running.isPresent()) {
          running.get().destroy();
          stopping.add(running.get());
          out.println("stopping replica-" + id + " (pid " + running.get().pid() + ")");
        } else {
          out.println("replica-" + id + " is not running");
          Files.deleteIfExists(NodeFiles.pid(logs, NodeId.replica(id)));
          Files.deleteIfExists(NodeFiles.state(logs, NodeId.replica(id)));
        }
      }
      long deadline = System.nanoTime() + STOP_WAIT.toNanos();
      for (ProcessHandle process : stopping) {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!NodeProcesses.awaitEnd(process, Duration.ofNanos(left))) {
          out.println("pid " + process.pid() + " did not stop in time: killing it");
          process.destroyForcibly();
        }
      }
      return 0;
    }
  }

  // ---- status -----------------------------------------------------------------------------

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Shows which replicas are up and which one is primary.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:a primary is up", "1:no primary (the cluster is down or electing)", "2:bad usage or config"})
  static final class Status extends Sub {
    @Override
    int run(ClusterConfig config, PrintWriter out) {
      Path logs = common.logs.toAbsolutePath();
      OptionalLong primary = primaryId(config, logs);
      for (int id = 0; id < config.replicaCount(); id++) {
        NodeId node = NodeId.replica(id);
        String where = config.replica(id).hostPort();
        Optional<ProcessHandle> running = runningReplica(logs, id);
        if (running.isEmpty()) {
          boolean stale = Files.exists(NodeFiles.pid(logs, node));
          out.printf("%-10s %-21s down%s%n", node, where, stale ? " (crashed or killed: its pid file is left)" : "");
          continue;
        }
        Optional<ReplicaReport> state = liveState(logs, id);
        if (state.isEmpty()) {
          out.printf("%-10s %-21s up    pid %-7d starting%n", node, where, running.get().pid());
          continue;
        }
        ReplicaReport s = state.get();
        String role = primary.isPresent() && primary.getAsLong() == id ? "primary" : s.leading() ? "leading (stale view)" : "follower";
        out.printf("%-10s %-21s up    pid %-7d %-9s view %-4d executed %d slots%s%n",
            node, where, running.get().pid(), role, s.view(), s.executedUpTo(), metricsUrl(config, id));
      }
      if (primary.isEmpty()) {
        out.println("no primary");
        return 1;
      }
      out.println("primary: replica-" + primary.getAsLong());
      return 0;
    }

    /** Where the replica serves /metrics, if its block of the config names a metrics-port. */
    private static String metricsUrl(ClusterConfig config, int id) {
      int port = config.replica(id).metricsPort();
      return port == 0 ? "" : "  metrics http://" + MetricsServer.DEFAULT_HOST + ":" + port + "/metrics";
    }
  }

  // ---- clients ----------------------------------------------------------------------------

  @Command(name = "clients", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Runs every client of the config as its own JVM, client i sending DIR/client-<i>.txt,",
          "and waits for all of them (output in LOGS/client-<i>.out)."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:every client had every line acknowledged", "1:a client failed or timed out",
          "2:bad usage, config or message files"})
  static final class Clients extends Sub {
    @Option(names = "--messages", paramLabel = "DIR", defaultValue = "${sys:paxoschat.home:-.}/conf/messages",
        description = "Client i sends DIR/client-<i>.txt. Default: ${DEFAULT-VALUE}")
    Path messages;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
        description = "Lose each message to a client with probability P (0 <= P < 1).")
    double loss;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for --loss (default: random).")
    Long seed;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "Each client gives up after this long. Default: ${DEFAULT-VALUE}")
    double timeoutSeconds;

    @Option(names = "--no-events",
        description = "Record no events (by default each client records into LOGS/events-client-<id>.jsonl).")
    boolean noEvents;

    @Override
    int run(ClusterConfig config, PrintWriter out) throws Exception {
      if (!(loss >= 0 && loss < 1)) {
        throw new UsageException("--loss must be in [0, 1), got " + loss);
      }
      if (!(timeoutSeconds > 0)) {
        throw new UsageException("--timeout must be positive, got " + timeoutSeconds);
      }
      MessageFiles.read(messages, config.clientCount(), config.maxLineBytes()); // refuse bad files up front
      Path logs = common.logs.toAbsolutePath();
      WritablePaths.requireDirectory("--logs", logs);
      long runSeed = FaultFlags.seedOrRandom(seed);
      long started = System.nanoTime();
      List<Process> clients = new ArrayList<>();
      try {
        for (int id = 0; id < config.clientCount(); id++) {
          List<String> args = new ArrayList<>(List.of(
              "--config", common.configFile.toAbsolutePath().toString(), "--id", String.valueOf(id),
              "--messages", MessageFiles.fileFor(messages, id).toAbsolutePath().toString(),
              "--loss", String.valueOf(loss), "--seed", String.valueOf(runSeed),
              "--timeout", String.valueOf(timeoutSeconds), "--logs", logs.toString()));
          if (!noEvents) {
            args.addAll(List.of("--events", ProcessRecords.fileIn(logs, NodeId.client(id).name()).toString()));
          }
          clients.add(NodeProcesses.startDetached(
              NodeProcesses.javaCommand(ClientCommand.class.getName(), args), NodeFiles.out(logs, NodeId.client(id))));
        }
        // Each client bounds its own run; this bound only guards against one that hangs.
        long deadline = started + (long) ((timeoutSeconds + 30) * 1e9);
        boolean allOk = true;
        for (int id = 0; id < clients.size(); id++) {
          Process client = clients.get(id);
          long left = Math.max(0, deadline - System.nanoTime());
          if (!client.waitFor(left, TimeUnit.NANOSECONDS)) {
            out.println("client-" + id + " did not finish in time; stopping it");
            allOk = false;
            continue;
          }
          List<String> last = tail(NodeFiles.out(logs, NodeId.client(id)), 3);
          last.forEach(out::println);
          allOk &= client.exitValue() == 0;
        }
        out.printf(Locale.ROOT, "%d clients %s in %.2f s%n", clients.size(),
            allOk ? "done" : "NOT all done", (System.nanoTime() - started) / 1e9);
        return allOk ? 0 : 1;
      } finally {
        for (Process client : clients) {
          if (client.isAlive()) {
            client.destroyForcibly();
          }
        }
      }
    }
  }

  // ---- report -----------------------------------------------------------------------------

  @Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Writes the HTML report of the cluster's run (see bin/report) from the event records its",
          "replicas and clients left in LOGS (events-<node>.jsonl) and their chat logs."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:written", "2:bad usage or config, or no event records in LOGS"})
  static final class Report extends Sub {
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Default: LOGS/report.html")
    Path out;

    @Override
    int run(ClusterConfig config, PrintWriter out) {
      Path logs = common.logs.toAbsolutePath();
      List<Path> files = new ArrayList<>();
      for (int id = 0; id < config.replicaCount(); id++) {
        addIfPresent(files, ProcessRecords.fileIn(logs, NodeId.replica(id).name()));
      }
      for (int id = 0; id < config.clientCount(); id++) {
        addIfPresent(files, ProcessRecords.fileIn(logs, NodeId.client(id).name()));
      }
      if (files.isEmpty()) {
        throw new UsageException("no event records (events-<node>.jsonl) in " + logs
            + "; 'cluster start' and 'cluster clients' write them unless --no-events");
      }
      Path page = this.out != null ? this.out : logs.resolve("report.html");
      long bytes;
      try {
        bytes = Reports.write(files, logs, page);
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        throw new UsageException(e.getMessage());
      }
      out.printf(Locale.ROOT, "report: %s (%,d bytes, from %d event records)%n", page, bytes, files.size());
      return 0;
    }

    private static void addIfPresent(List<Path> files, Path file) {
      if (Files.isRegularFile(file)) {
        files.add(file);
      }
    }
  }

  /** A new run's records start empty; a replica started again by hand appends to its own. */
  static void deleteEventRecords(Path logs) throws IOException {
    if (!Files.isDirectory(logs)) {
      return;
    }
    try (var listing = Files.list(logs)) {
      for (Path file : (Iterable<Path>) listing::iterator) {
        String name = file.getFileName().toString();
        if (name.startsWith("events-") && name.endsWith(".jsonl")) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  // ---- shared -----------------------------------------------------------------------------

  static Optional<ProcessHandle> runningReplica(Path logs, int id) {
    OptionalLong pid = NodeProcesses.readPid(NodeFiles.pid(logs, NodeId.replica(id)));
    return pid.isPresent() ? NodeProcesses.ours(pid.getAsLong()) : Optional.empty();
  }

  /** The state of a replica that is running and wrote it recently. */
  static Optional<ReplicaReport> liveState(Path logs, int id) {
    Optional<ProcessHandle> running = runningReplica(logs, id);
    if (running.isEmpty()) {
      return Optional.empty();
    }
    return ReplicaReport.read(NodeFiles.state(logs, NodeId.replica(id)))
        .filter(s -> s.pid() == running.get().pid())
        .filter(s -> System.currentTimeMillis() - s.updatedAtMillis() < STATE_FRESH.toMillis());
  }

  /** The live replica that leads the highest view, if any leads. */
  static OptionalLong primaryId(ClusterConfig config, Path logs) {
    long best = -1;
    long bestView = -1;
    for (int id = 0; id < config.replicaCount(); id++) {
      Optional<ReplicaReport> state = liveState(logs, id);
      if (state.isPresent() && state.get().leading() && state.get().view() > bestView) {
        best = id;
        bestView = state.get().view();
      }
    }
    return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
  }

  static Optional<ReplicaReport> primary(ClusterConfig config, Path logs) {
    OptionalLong id = primaryId(config, logs);
    return id.isPresent() ? liveState(logs, (int) id.getAsLong()) : Optional.empty();
  }

  static List<String> tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      return List.of("(" + file + ": " + e.getMessage() + ")");
    }
  }
}
