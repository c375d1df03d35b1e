package io.paxoschat.cli;

import io.paxoschat.chaos.ChaosOptions;
import io.paxoschat.chaos.ChaosRunner;
import io.paxoschat.chaos.ChaosSummary;
import io.paxoschat.chatlog.ChatLogException;
import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.chatlog.ChatLogWriter;
import io.paxoschat.chatlog.ConsistencyChecker;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.ConfigException;
import io.paxoschat.config.MessageFiles;
import io.paxoschat.fault.FaultPlan;
import io.paxoschat.sim.Scenario;
import io.paxoschat.sim.Simulation;
import io.paxoschat.sim.SimulationResult;
import io.paxoschat.sim.SimulationSpec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/simulate}: the whole cluster, replicas and clients, in one JVM. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = "Runs every replica and client of a cluster in one JVM and waits until every line is"
        + " acknowledged and every live replica has executed every decided slot."
        + " Replica chat logs go to LOGS/replica-<id>.log.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every line acknowledged and the logs of all live replicas identical",
      "1:a line not acknowledged in time, or logs that differ",
      "2:bad usage, config or message files"
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

  @Option(names = "--logs", paramLabel = "DIR", defaultValue = "${sys:paxoschat.home:-.}/logs", description = "Default: ${DEFAULT-VALUE}")
  Path logs;

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
    long runSeed = seed != null ? seed : new SecureRandom().nextLong() >>> 1;
    try {
      validate();
      if (chaos) {
        return runChaos();
      }
      if (scenario != null) {
        return runOriginalScenarios(runSeed);
      }
      ClusterConfig config = ClusterConfig.load(configFile);
      if (fail > config.f()) {
        throw new UsageException("--fail " + fail + " exceeds f = " + config.f() + " of " + configFile
            + ": more crashes than the cluster tolerates");
      }
      List<List<String>> lines = clientLines(config);
      FaultPlan faults = new FaultPlan(fail, skip == null ? -1 : skip, loss, runSeed);
      String name = describe(config, faults);
      SimulationOutcome outcome = runOnce(config, name, faults, lines, logs, true);
      new SummaryPrinter(out).summary(outcome);
      return outcome.passed() ? 0 : 1;
    } catch (UsageException | ConfigException | ChatLogException e) {
      err.println("simulate: " + e.getMessage());
      return 2;
    }
  }

  private void validate() {
    if (fail < 0) {
      throw new UsageException("--fail must be at least 0, got " + fail);
    }
    if (skip != null && skip < 0) {
      throw new UsageException("--skip must name a slot (0 or more), got " + skip);
    }
    if (!(loss >= 0 && loss < 1)) {
      throw new UsageException("--loss must be in [0, 1), got " + loss);
    }
    if (!(timeoutSeconds > 0)) {
      throw new UsageException("--timeout must be positive, got " + timeoutSeconds);
    }
    if (generate != null && generate < 1) {
      throw new UsageException("--generate must be at least 1, got " + generate);
    }
    if (scenario != null && !scenario.equals("original")) {
      throw new UsageException("unknown --scenario '" + scenario + "'; the one scenario set is 'original'");
    }
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
    ChaosSummary summary = ChaosRunner.run(options, System.console() != null ? err : null);
    out.print(summary.report());
    return summary.clean() ? 0 : 1;
  }

  private List<List<String>> clientLines(ClusterConfig config) {
    if (generate != null) {
      return IntStream.range(0, config.clientCount())
          .mapToObj(client -> IntStream.rangeClosed(1, generate)
              .mapToObj(n -> "client " + client + " says hello #" + n).toList())
          .toList();
    }
    if (!Files.isDirectory(messages)) {
      throw new UsageException(messages + ": no such message directory");
    }
    return MessageFiles.read(messages, config.clientCount(), config.maxLineBytes());
  }

  private int runOriginalScenarios(long runSeed) throws InterruptedException {
    List<SimulationOutcome> outcomes = new ArrayList<>();
    Path conf = configFile.toAbsolutePath().getParent();
    for (Path file : List.of(conf.resolve("cluster-f1.conf"), conf.resolve("cluster-f2.conf"))) {
      ClusterConfig config = ClusterConfig.load(file);
      List<List<String>> lines = clientLines(config);
      for (Scenario original : Scenario.originals()) {
        FaultPlan faults = new FaultPlan(
            original.failPrimaries(config.f()), original.skipSlot(), original.lossProbability(), runSeed);
        String name = "f=" + config.f() + " " + original.name();
        Path dir = logs.resolve("original").resolve("f" + config.f() + "-" + original.name());
        outcomes.add(runOnce(config, name, faults, lines, dir, false));
      }
    }
    out.println("seed " + runSeed);
    new SummaryPrinter(out).table(outcomes);
    return outcomes.stream().allMatch(SimulationOutcome::passed) ? 0 : 1;
  }

  private SimulationOutcome runOnce(
      ClusterConfig config, String name, FaultPlan faults, List<List<String>> lines, Path logDir,
      boolean showProgress) throws InterruptedException {
    ChatLogFiles.deleteAll(logDir);
    SimulationSpec spec = new SimulationSpec(config.replicaCount(), lines, config.protocolSettings(),
        config.tick(), faults, Duration.ofMillis((long) (timeoutSeconds * 1000)));
    log.info("starting {}: {}", name, spec);
    if (showProgress) {
      out.println("simulating " + name);
    }
    ProgressLine progress = new ProgressLine(err, showProgress && System.console() != null);
    SimulationResult result = Simulation.run(
        spec, id -> new ChatLogSink(ChatLogWriter.create(logDir, id)), progress);
    progress.finish();
    return new SimulationOutcome(name, result, ConsistencyChecker.check(logDir));
  }

  private String describe(ClusterConfig config, FaultPlan faults) {
    StringBuilder name = new StringBuilder(String.format(Locale.ROOT, "f=%d (%d replicas, %d clients)",
        config.f(), config.replicaCount(), config.clientCount()));
    if (faults.failPrimaries() > 0) {
      name.append(", --fail ").append(faults.failPrimaries());
    }
    if (faults.skipSlot() >= 0) {
      name.append(", --skip ").append(faults.skipSlot());
    }
    if (faults.lossProbability() > 0) {
      name.append(", --loss ").append(faults.lossProbability());
    }
    return name.append(", seed ").append(faults.seed()).toString();
  }

  /** Prints "committed N / M" over itself on a terminal; says nothing otherwise. */
  private static final class ProgressLine implements Simulation.ProgressListener {
    private final PrintStream err;
    private final boolean enabled;

    ProgressLine(PrintStream err, boolean enabled) {
      this.err = err;
      this.enabled = enabled;
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
