package io.paxoschat.cli;

import io.paxoschat.actor.ReplicaState;
import io.paxoschat.chaos.ChaosOptions;
import io.paxoschat.chaos.ChaosRunner;
import io.paxoschat.chaos.ChaosSummary;
import io.paxoschat.chatlog.AcksFile;
import io.paxoschat.chatlog.ChatLogException;
import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.chatlog.ConsistencyChecker;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.ConfigException;
import io.paxoschat.config.MessageFiles;
import io.paxoschat.events.EventClock;
import io.paxoschat.events.EventRecorder;
import io.paxoschat.events.JsonLinesRecorder;
import io.paxoschat.events.Sampling;
import io.paxoschat.fault.InjectedFaults;
import io.paxoschat.metrics.MetricsPortException;
import io.paxoschat.metrics.MetricsServer;
import io.paxoschat.metrics.ReplicaMetrics;
import io.paxoschat.paxos.Effect;
import io.paxoschat.report.Reports;
import io.paxoschat.sim.Scenario;
import io.paxoschat.sim.Simulation;
import io.paxoschat.sim.SimulationResult;
import io.paxoschat.sim.SimulationSpec.Restart;
import io.paxoschat.sim.SimulationSpec;
import io.paxoschat.storage.DataDirs;
import io.paxoschat.storage.Durability;
import io.paxoschat.storage.OwnerLockHeldException;
import io.paxoschat.storage.ReplicaLocks;
import io.paxoschat.storage.StorageException;
import io.paxoschat.storage.StorageSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/simulate}: the whole cluster, replicas and clients, in one JVM. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = "Runs every replica and client of a cluster in one JVM and waits until every line is"
        + " acknowledged and every live replica has executed every decided slot."
        + " Replica chat logs go to LOGS/replica-<id>.log, acceptor state to DATA/replica-<id>/;"
        + " both start empty unless --keep-data.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every line acknowledged and the logs of all live replicas identical",
      "1:a line not acknowledged in time, logs that differ, or a replica that could not restart",
      "2:bad usage, config or message files, or replica data that cannot be trusted (one line)"
    })
public final class SimulateCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SimulateCommand.class);

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "${sys:paxoschat.home:-.}/conf/cluster-f2.conf",
      description = "Cluster config (HOCON). Default: ${DEFAULT-VALUE}")
  Path configFile;

  @Option(names = "--fail", paramLabel = "N", defaultValue = "0",
      description = "Crash the primaries of the first N views for good (0 <= N <= f).")
  int fail;

  @Option(names = "--skip", paramLabel = "X",
      description = "The primary of view 0 never gets slot X accepted; the next one fills it with a no-op.")
  Long skip;

  @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
      description = "Lose each message to a replica or client with probability P (0 <= P < 1).")
  double loss;

  @Option(names = "--seed", paramLabel = "S", description = "Seed for every random choice (default: random, printed).")
  Long seed;

  @Option(names = "--messages", paramLabel = "DIR", defaultValue = "${sys:paxoschat.home:-.}/conf/messages",
      description = "Client i sends the non-blank lines of DIR/client-<i>.txt. Default: ${DEFAULT-VALUE}")
  Path messages;

  @Option(names = "--generate", paramLabel = "N",
      description = "Instead of message files, each client sends N generated lines (for throughput runs).")
  Integer generate;

  @Option(names = "--line-bytes", paramLabel = "N",
      description = "With --generate: each generated line is N bytes long (default: about 25).")
  Integer lineBytes;

  @Option(names = "--logs", paramLabel = "DIR", defaultValue = "${sys:paxoschat.home:-.}/logs", description = "Default: ${DEFAULT-VALUE}")
  Path logs;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Where replicas keep their state. Default: the data-dir of the config's storage block, relative to the installation.")
  Path data;

  @Option(names = "--keep-data",
      description = "Start from the chat logs and acceptor logs a previous run left, instead of empty.")
  boolean keepData;

  @Option(names = "--restart", paramLabel = "ID@SECONDS",
      description = "Crash replica ID SECONDS after the start and restart it from its data after the downtime. Repeatable.")
  List<String> restartSpecs = new ArrayList<>();

  @Option(names = "--downtime", paramLabel = "SECONDS", defaultValue = "0.5",
      description = "How long a replica named by --restart stays down. Default: ${DEFAULT-VALUE}")
  double downtimeSeconds;

  @Option(names = "--durability", paramLabel = "MODE",
      description = "Override storage.durability of the config: fsync, os or memory.")
  String durability;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "Give up (exit 1) after this long. Default: ${DEFAULT-VALUE}")
  double timeoutSeconds;

  @Option(names = "--scenario", paramLabel = "NAME",
      description = "'original': the five test cases of the original project on cluster-f1.conf and cluster-f2.conf (next to --config).")
  String scenario;

  @Option(names = "--chaos",
      description = "Seeded chaos: run the pure protocol in a deterministic simulator under random faults"
          + " (loss, duplication, reordering, partitions, crashes and restarts, a skipping primary) and check"
          + " its invariants. Uses --config for the cluster shape.")
  boolean chaos;

  @Option(names = "--seeds", paramLabel = "N", defaultValue = "1000",
      description = "With --chaos: how many seeds to run. Default: ${DEFAULT-VALUE}")
  long seeds;

  @Option(names = "--from", paramLabel = "S", defaultValue = "0",
      description = "With --chaos: the first seed. Default: ${DEFAULT-VALUE}")
  long fromSeed;

  @Option(names = "--lines-per-client", paramLabel = "N",
      description = "With --chaos: lines each client sends (default 20).")
  Integer chaosLines;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Record the run's events and write its HTML report to FILE (one run, or --chaos with --seeds 1).")
  Path report;

  @Option(names = "--events", paramLabel = "FILE",
      description = "Where the event record (JSON lines) goes. Default with --report: FILE with .events.jsonl"
          + " in place of .html.")
  Path eventsFile;

  @Option(names = "--heap",
      description = "Measure the heap the cluster holds when the run has finished (a full GC before the start and"
          + " again before the actors stop) and print it in the summary.")
  boolean heap;

  @Option(names = "--warmup-runs", paramLabel = "N", defaultValue = "0",
      description = "First run the same workload N times in this JVM, each on fresh logs and data, and print"
          + " one line of figures for each (the first is the cold JVM's); then the measured run. Default: ${DEFAULT-VALUE}")
  int warmupRuns;

  @Mixin MetricsFlags metricsFlags = new MetricsFlags();

  /** With --heap, what the run's heap measurement found; null otherwise. */
  private HeapUse heapUse;

  /** The replicas' metrics while one run is served at --metrics-port; null when off. */
  private ReplicaMetrics metrics;

  /** While the warm-up runs go: nothing is recorded, measured or served for them. */
  private boolean warmingUp;

  /** How often a recorded run's events go to their file. */
  private static final Duration RECORD_WRITE_EVERY = Duration.ofMillis(200);

  private final PrintStream out;
  private final PrintStream err;

  public SimulateCommand() {
    this(System.out, System.err);
  }

  SimulateCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  static int execute(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.create(new SimulateCommand(out, err), out, err).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    long runSeed = FaultFlags.seedOrRandom(seed);
    try {
      validate();
      WritablePaths.requireFile("--report", report);
      WritablePaths.requireFile("--events", eventsPath());
      if (chaos) {
        return runChaos();
      }
      WritablePaths.requireDirectory("--logs", logs);
      if (scenario != null) {
        return runOriginalScenarios(runSeed);
      }
      ClusterConfig config = ClusterConfig.load(configFile);
      InjectedFaults faults = FaultFlags.plan(fail, skip, loss, runSeed, config, configFile);
      StorageSettings storage = storageSettings(config);
      requireWritableData(storage);
      List<Restart> restarts = restarts(config, storage);
      List<List<String>> lines = clientLines(config);
      String name = describe(config, faults, restarts);
      if (!warmUp(config, name, faults, restarts, lines, storage)) {
        return 1;
      }
      int metricsPort = metricsFlags.portOr(0);
      SimulationOutcome outcome;
      if (metricsPort < 0) {
        outcome = runOnce(config, name, faults, restarts, lines, logs, storage.dataDir(), storage, true);
      } else {
        metrics = ReplicaMetrics.withJvmMetrics();
        try (MetricsServer server = MetricsServer.start(metrics.registry(), metricsFlags.host, metricsPort)) {
          out.println("metrics of every replica (label replica): " + server.url());
          outcome = runOnce(config, name, faults, restarts, lines, logs, storage.dataDir(), storage, true);
        }
      }
      SummaryPrinter summary = new SummaryPrinter(out);
      summary.summary(outcome);
      if (heapUse != null) {
        summary.row("heap", heapUse.describe(config.replicaCount()));
      }
      return outcome.passed() ? 0 : 1;
    } catch (UsageException | ConfigException | ChatLogException | StorageException | OwnerLockHeldException
        | MetricsPortException e) {
      err.println("simulate: " + e.getMessage());
      return 2;
    }
  }

  private void validate() {
    if (!(timeoutSeconds > 0)) {
      throw new UsageException("--timeout must be positive, got " + timeoutSeconds);
    }
    if (lineBytes != null && (generate == null || lineBytes < 1)) {
      throw new UsageException("--line-bytes takes a number of at least 1, with --generate");
    }
    if (generate != null && generate < 1) {
      throw new UsageException("--generate must be at least 1, got " + generate);
    }
    if (scenario != null && !scenario.equals("original")) {
      throw new UsageException("unknown --scenario '" + scenario + "'; the one scenario set is 'original'");
    }
    if (warmupRuns < 0) {
      throw new UsageException("--warmup-runs must be 0 or more, got " + warmupRuns);
    }
    if (warmupRuns > 0 && (chaos || scenario != null || keepData)) {
      throw new UsageException("--warmup-runs repeats one run on fresh data, not --chaos, --scenario or --keep-data");
    }
    if (!(downtimeSeconds >= 0)) {
      throw new UsageException("--downtime must be 0 or more seconds, got " + downtimeSeconds);
    }
    if (durability != null && Durability.parse(durability) == null) {
      throw new UsageException("--durability must be fsync, os or memory, got '" + durability + "'");
    }
    if (scenario != null && !restartSpecs.isEmpty()) {
      throw new UsageException("--restart does not combine with --scenario");
    }
    if (scenario != null && (report != null || eventsFile != null)) {
      throw new UsageException("--report and --events record one run; --scenario runs ten");
    }
    if ((chaos || scenario != null) && heap) {
      throw new UsageException("--heap measures one run of the actors, not --chaos or --scenario");
    }
    if ((chaos || scenario != null) && metricsFlags.port != null) {
      throw new UsageException("--metrics-port serves the replicas of one run, not of --chaos or --scenario");
    }
    if (chaos && seeds != 1 && (report != null || eventsFile != null)) {
      throw new UsageException("--report and --events record one run: with --chaos give --seeds 1, got " + seeds);
    }
  }

  private void requireWritableData(StorageSettings storage) {
    WritablePaths.requireDirectory(data != null ? "--data" : "storage.data-dir", storage.dataDir());
  }

  /** The config's storage settings, with the command line's overrides; a relative data dir is resolved. */
  private StorageSettings storageSettings(ClusterConfig config) {
    StorageSettings storage = config.storage();
    if (durability != null) {
      storage = storage.withDurability(Durability.parse(durability));
    }
    return storage.withDataDirOption(data);
  }

  private static final Pattern RESTART = Pattern.compile("(\\d{1,9})@(\\d+(?:\\.\\d+)?)");

  /** Parses and checks --restart: known replicas, no overlapping downtimes, durable state to restart from. */
  private List<Restart> restarts(ClusterConfig config, StorageSettings storage) {
    List<Restart> restarts = new ArrayList<>();
    for (String spec : restartSpecs) {
      Matcher m = RESTART.matcher(spec);
      if (!m.matches()) {
        throw new UsageException("--restart wants ID@SECONDS, such as 2@1.5; got '" + spec + "'");
      }
      int id = Integer.parseInt(m.group(1));
      if (id >= config.replicaCount()) {
        throw new UsageException("--restart " + spec + ": no replica " + id + " in " + configFile
            + " (ids 0.." + (config.replicaCount() - 1) + ")");
      }
      if (id < fail) {
        throw new UsageException("--restart " + spec + ": replica " + id + " already crashes for good under --fail " + fail);
      }
      restarts.add(new Restart(id, Duration.ofNanos((long) (Double.parseDouble(m.group(2)) * 1e9))));
    }
    if (!restarts.isEmpty() && storage.durability() == Durability.MEMORY) {
      throw new UsageException("--restart needs durability fsync or os: with memory a restarted replica "
          + "would have forgotten what it promised and accepted");
    }
    restarts.sort(Comparator.comparingInt(Restart::replicaId).thenComparing(Restart::at));
    Duration downtime = downtime();
    for (int i = 1; i < restarts.size(); i++) {
      Restart before = restarts.get(i - 1);
      Restart after = restarts.get(i);
      if (before.replicaId() == after.replicaId() && after.at().compareTo(before.at().plus(downtime)) < 0) {
        throw new UsageException("--restart: replica " + after.replicaId() + " would crash again at "
            + seconds(after.at()) + " s while still down from its crash at " + seconds(before.at()) + " s");
      }
    }
    restarts.sort(Comparator.comparing(Restart::at));
    return restarts;
  }

  private Duration downtime() {
    return Duration.ofNanos((long) (downtimeSeconds * 1e9));
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
  }

  private int runChaos() {
    if (seeds < 1) {
      throw new UsageException("--seeds must be at least 1, got " + seeds);
    }
    if (fromSeed < 0) {
      throw new UsageException("--from must be 0 or more, got " + fromSeed);
    }
    if (chaosLines != null && chaosLines < 1) {
      throw new UsageException("--lines-per-client must be at least 1, got " + chaosLines);
    }
    ClusterConfig config = ClusterConfig.load(configFile);
    ChaosOptions options = ChaosOptions.fromConfig(config, seeds, fromSeed);
    if (chaosLines != null) {
      options = options.withClients(config.clientCount(), chaosLines);
    }
    Path events = eventsPath();
    ChaosSummary summary = events == null
        ? ChaosRunner.run(options, System.console() != null ? err : null)
        : ChaosRunner.runRecorded(options, clock -> JsonLinesRecorder.open(events, clock, Sampling.DEFAULT));
    out.print(summary.report());
    writeReport(events, null);
    return summary.clean() ? 0 : 1;
  }

  private List<List<String>> clientLines(ClusterConfig config) {
    if (lineBytes != null && lineBytes > config.maxLineBytes()) {
      throw new UsageException("--line-bytes " + lineBytes + " is more than max-line-bytes = " + config.maxLineBytes()
          + " of " + configFile);
    }
    if (generate != null) {
      return IntStream.range(0, config.clientCount())
          .mapToObj(client -> IntStream.rangeClosed(1, generate)
              .mapToObj(n -> generatedLine(client, n)).toList())
          .toList();
    }
    if (!Files.isDirectory(messages)) {
      throw new UsageException(messages + ": no such message directory");
    }
    return MessageFiles.read(messages, config.clientCount(), config.maxLineBytes());
  }

  private String generatedLine(int client, int n) {
    String line = GeneratedLines.line(client, n);
    if (lineBytes == null) {
      return line;
    }
    return line.length() >= lineBytes ? line.substring(0, lineBytes) : line + ".".repeat(lineBytes - line.length());
  }

  private int runOriginalScenarios(long runSeed) throws InterruptedException {
    List<SimulationOutcome> outcomes = new ArrayList<>();
    Path conf = configFile.toAbsolutePath().getParent();
    List<Path> files = List.of(conf.resolve("cluster-f1.conf"), conf.resolve("cluster-f2.conf"));
    for (Path file : files) {
      requireWritableData(storageSettings(ClusterConfig.load(file)));
    }
    for (Path file : files) {
      ClusterConfig config = ClusterConfig.load(file);
      StorageSettings storage = storageSettings(config);
      List<List<String>> lines = clientLines(config);
      for (Scenario original : Scenario.originals()) {
        InjectedFaults faults = new InjectedFaults(
            original.failPrimaries(config.f()), original.skipSlot(), original.lossProbability(), runSeed);
        String name = "f=" + config.f() + " " + original.name();
        String sub = "f" + config.f() + "-" + original.name();
        Path dir = logs.resolve("original").resolve(sub);
        Path dataDir = storage.dataDir().resolve("original").resolve(sub);
        outcomes.add(runOnce(config, name, faults, List.of(), lines, dir, dataDir, storage, false));
      }
    }
    out.println("seed " + runSeed);
    new SummaryPrinter(out).table(outcomes);
    return outcomes.stream().allMatch(SimulationOutcome::passed) ? 0 : 1;
  }

  /**
   * The warm-up runs: the same workload, each on fresh logs and data, so that the measured run
   * meets compiled code (as JMH warms a benchmark). Each prints one line; false if one failed.
   */
  private boolean warmUp(ClusterConfig config, String name, InjectedFaults faults, List<Restart> restarts,
      List<List<String>> lines, StorageSettings storage) throws InterruptedException {
    warmingUp = true;
    try {
      SummaryPrinter summary = new SummaryPrinter(out);
      for (int run = 1; run <= warmupRuns; run++) {
        SimulationOutcome outcome = runOnce(config, name, faults, restarts, lines, logs, storage.dataDir(), storage, false);
        summary.warmUpRow(run, outcome);
        if (!outcome.passed()) {
          err.println("simulate: warm-up run " + run + " failed: " + outcome.verdict());
          return false;
        }
      }
      return true;
    } finally {
      warmingUp = false;
    }
  }

  private SimulationOutcome runOnce(
      ClusterConfig config, String name, InjectedFaults faults, List<Restart> restarts, List<List<String>> lines,
      Path logDir, Path dataDir, StorageSettings storage, boolean showProgress) throws InterruptedException {
    // Every replica it runs, and every one whose files it clears, is its own for the run.
    Set<Integer> owned = new TreeSet<>();
    IntStream.range(0, config.replicaCount()).forEach(owned::add);
    if (!keepData) {
      if (Files.isDirectory(logDir)) {
        owned.addAll(ChatLogFiles.list(logDir).keySet());
      }
      owned.addAll(DataDirs.replicaIds(dataDir));
    }
    try (ReplicaLocks locks = ReplicaLocks.acquire(logDir, dataDir, owned)) {
      if (!keepData) {
        ChatLogFiles.deleteAll(logDir);
        DataDirs.deleteAll(dataDir);
        deleteAcksFiles(logDir);
      }
      return runOwned(config, name, faults, restarts, lines, logDir, dataDir, storage, showProgress);
    }
  }

  private SimulationOutcome runOwned(
      ClusterConfig config, String name, InjectedFaults faults, List<Restart> restarts, List<List<String>> lines,
      Path logDir, Path dataDir, StorageSettings storage, boolean showProgress) throws InterruptedException {
    StorageSettings runStorage = storage.withDataDir(dataDir);
    SimulationSpec spec = new SimulationSpec(config.replicaCount(), lines, config.protocolSettings(),
        config.tick(), faults, Duration.ofMillis((long) (timeoutSeconds * 1000)), restarts, downtime());
    log.info("starting {}: {}", name, spec);
    if (showProgress) {
      out.println("simulating " + name);
    }
    if (heap && !warmingUp) {
      heapUse = new HeapUse(); // the warm-ups come first, so heapUse stays null through them
    }
    ProgressLine progress = new ProgressLine(err, showProgress && System.console() != null, logDir, heapUse);
    Path events = warmingUp ? null : eventsPath();
    EventRecorder recorder = events == null ? EventRecorder.OFF
        : JsonLinesRecorder.openWriting(events, EventClock.wall(), Sampling.DEFAULT, RECORD_WRITE_EVERY);
    recorder.header(runHeader(config, name, faults, runStorage));
    if (heapUse != null) {
      heapUse.beforeRun();
    }
    long cpuBefore = ProcessCpu.nanos();
    SimulationResult result = Simulation.runWithStates(spec,
        id -> ReplicaState.recover(id, config.replicaCount(), config.protocolSettings(), runStorage, logDir), progress,
        recorder, warmingUp ? null : metrics);
    long cpu = cpuBefore < 0 ? -1 : ProcessCpu.nanos() - cpuBefore;
    progress.finish();
    progress.closeAcks();
    SimulationOutcome outcome = new SimulationOutcome(name, result, ConsistencyChecker.check(logDir), cpu);
    recorder.close(runEnd(outcome));
    writeReport(events, logDir);
    return outcome;
  }

  /** The event record's path: --events, or next to --report; null when nothing is recorded. */
  private Path eventsPath() {
    if (eventsFile != null || report == null) {
      return eventsFile;
    }
    String name = report.getFileName().toString();
    String stem = name.endsWith(".html") ? name.substring(0, name.length() - ".html".length()) : name;
    return report.resolveSibling(stem + ".events.jsonl");
  }

  private void writeReport(Path events, Path logDir) {
    if (report != null) {
      long bytes = Reports.write(List.of(events), logDir, report);
      out.printf(Locale.ROOT, "report: %s (%,d bytes; events in %s)%n", report, bytes, events);
    }
  }

  private Map<String, Object> runHeader(ClusterConfig config, String name, InjectedFaults faults, StorageSettings storage) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("mode", "simulation (actors in one JVM)");
    header.put("scenario", name);
    header.put("config", configFile.toString());
    header.put("seed", faults.seed());
    header.put("faults", FaultFlags.listed(faults)
        + (restartSpecs.isEmpty() ? "" : ", --restart " + String.join(" --restart ", restartSpecs))
        + "; durability " + storage.durability().name().toLowerCase(Locale.ROOT));
    header.put("replicas", config.replicaCount());
    header.put("clients", config.clientCount());
    return header;
  }

  private static Map<String, Object> runEnd(SimulationOutcome outcome) {
    SimulationResult result = outcome.result();
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("verdict", outcome.verdict());
    end.put("acknowledged", result.acknowledged());
    end.put("lines", result.totalLines());
    end.put("view_changes", result.finalView());
    end.put("dropped", result.droppedMessages());
    end.put("seconds_to_last_ack", result.toLastAck().toNanos() / 1e9);
    return end;
  }

  private String describe(ClusterConfig config, InjectedFaults faults, List<Restart> restarts) {
    StringBuilder name = new StringBuilder(String.format(Locale.ROOT, "f=%d (%d replicas, %d clients)",
        config.f(), config.replicaCount(), config.clientCount()));
    name.append(FaultFlags.describe(faults));
    for (Restart restart : restarts) {
      name.append(", --restart ").append(restart.replicaId()).append('@').append(seconds(restart.at()));
    }
    return name.append(", seed ").append(faults.seed()).toString();
  }

  /** The acks files of the run before, which a run that starts its logs afresh must not add to. */
  private static void deleteAcksFiles(Path logDir) {
    if (!Files.isDirectory(logDir)) {
      return;
    }
    try (var files = Files.list(logDir)) {
      for (Path file : (Iterable<Path>) files.filter(AcksFile::isClientFile)::iterator) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(logDir + ": cannot clear the acks files of the run before", e);
    }
  }

  /**
   * Prints "committed N / M" over itself on a terminal (says nothing otherwise), and appends each
   * acknowledged line to {@code LOGDIR/client-<id>.acks}, as {@code bin/client --acks} does.
   */
  private static final class ProgressLine implements Simulation.ProgressListener {
    private final PrintStream err;
    private final boolean enabled;
    private final Path logDir;
    private final Map<Integer, AcksFile.Writer> acks = new TreeMap<>();
    /** Null unless --heap. */
    private final HeapUse heapUse;

    ProgressLine(PrintStream err, boolean enabled, Path logDir, HeapUse heapUse) {
      this.err = err;
      this.enabled = enabled;
      this.logDir = logDir;
      this.heapUse = heapUse;
    }

    @Override
    public void settled() {
      if (heapUse != null) {
        heapUse.settled();
      }
    }

    @Override
    public boolean wantsAcknowledged() {
      return true;
    }

    @Override
    public void acknowledged(List<Effect.Acknowledged> lines) {
      try {
        for (Effect.Acknowledged ack : lines) {
          int client = ack.line().clientId();
          AcksFile.Writer writer = acks.get(client);
          if (writer == null) {
            writer = AcksFile.append(AcksFile.fileOf(logDir, client));
            acks.put(client, writer);
          }
          writer.append(AcksFile.Ack.of(ack));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(logDir + ": cannot write an acks file", e);
      }
    }

    void closeAcks() {
      try {
        for (AcksFile.Writer writer : acks.values()) {
          writer.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(logDir + ": cannot write an acks file", e);
      }
    }

    @Override
    public void progress(long acknowledged, long total) {
      if (enabled) {
        err.printf(Locale.ROOT, "\r  committed %d / %d", acknowledged, total);
        err.flush();
      }
    }

    void finish() {
      if (enabled) {
        err.print("\r" + " ".repeat(40) + "\r");
        err.flush();
      }
    }
  }
}
