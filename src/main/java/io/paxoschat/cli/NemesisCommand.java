package io.paxoschat.cli;

import io.paxoschat.chatlog.AckCheck;
import io.paxoschat.chatlog.AcksFile;
import io.paxoschat.chatlog.ChatLogException;
import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.chatlog.ConsistencyChecker;
import io.paxoschat.chatlog.ConsistencyReport;
import io.paxoschat.cluster.Await;
import io.paxoschat.cluster.FaultSchedule;
import io.paxoschat.cluster.NemesisCluster;
import io.paxoschat.cluster.NemesisRun;
import io.paxoschat.cluster.ReplicaReport;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.ConfigException;
import io.paxoschat.storage.DataDirs;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/nemesis}: a cluster of replica processes under client load and a seeded schedule of
 * faults, as Jepsen runs them; then the faults stop and it checks that the cluster came back and
 * lost nothing it acknowledged.
 */
@Command(
    name = "nemesis",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Starts every replica of the config as its own JVM (empty), runs every client of the config sending",
      "generated lines, and for --duration does one seeded fault every --every seconds, each healed before the",
      "next: SIGKILL of up to f replicas (the leader among them at times) and restart from disk, SIGSTOP and",
      "SIGCONT (the leader at times), message loss, a partition of a minority, SIGKILL of every replica and",
      "restart. Loss and partitions are switched in each replica through its control file, which a replica",
      "obeys only when started with --nemesis-control. Then it heals everything and checks: the replicas",
      "executed a new slot within --resume-within, every line a client saw acknowledged is in every log",
      "exactly once, the logs are identical once settled, and no client's lines are out of order.",
      "Everything goes to --logs: chat logs, client-<i>.acks, each node's output and debug log."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every check held and commits resumed in time",
      "1:a check failed, or commits did not resume in time, or the cluster did not start",
      "2:bad usage or config"
    })
public final class NemesisCommand implements Callable<Integer> {

  private static final Duration READY_WITHIN = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(100);

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "${sys:paxoschat.home:-.}/conf/cluster-f2.conf",
      description = "Cluster config (HOCON). Default: ${DEFAULT-VALUE}")
  Path configFile;

  @Option(names = "--logs", paramLabel = "DIR", defaultValue = "${sys:paxoschat.home:-.}/logs/nemesis",
      description = "Emptied of chat logs and acks first. Default: ${DEFAULT-VALUE}")
  Path logs;

  @Option(names = "--data", paramLabel = "DIR", description = "Acceptor logs (default: LOGS/data).")
  Path data;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long faults go on. Default: ${DEFAULT-VALUE}")
  double durationSeconds;

  @Option(names = "--every", paramLabel = "SECONDS", defaultValue = "5",
      description = "One fault this often; each lasts 30-80%% of it. Default: ${DEFAULT-VALUE}")
  double everySeconds;

  @Option(names = "--faults", paramLabel = "LIST", defaultValue = "kill,pause,loss,partition,restart-all",
      description = "Which faults, comma-separated. Default: ${DEFAULT-VALUE}")
  String faults;

  @Option(names = "--loss", paramLabel = "P", defaultValue = "0.1",
      description = "Loss probability of the loss fault. Default: ${DEFAULT-VALUE}")
  double loss;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the fault schedule (default: random, printed).")
  Long seed;

  @Option(names = "--lines", paramLabel = "N", defaultValue = "1000000",
      description = "Lines each client sends at most. Default: ${DEFAULT-VALUE}")
  int lines;

  @Option(names = "--rate", paramLabel = "LINES_PER_SECOND", defaultValue = "1000",
      description = "Lines each client sends a second: a steady load that lasts through the faults, so that the"
          + " commits after the last one are new lines, not a backlog. Default: ${DEFAULT-VALUE}")
  int rate;

  @Option(names = "--resume-within", paramLabel = "SECONDS", defaultValue = "10",
      description = "After the last fault is healed, a new slot must be executed within this long."
          + " Default: ${DEFAULT-VALUE}")
  double resumeWithinSeconds;

  @Option(names = "--settle-within", paramLabel = "SECONDS", defaultValue = "60",
      description = "Once the clients stop, every replica must have executed as far as the others, and past the"
          + " slot of every line a client saw acknowledged, within this long. Default: ${DEFAULT-VALUE}")
  double settleWithinSeconds;

  private final PrintStream out;
  private final PrintStream err;

  public NemesisCommand() {
    this(System.out, System.err);
  }

  NemesisCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  static int execute(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.create(new NemesisCommand(out, err), out, err).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    ClusterConfig config;
    FaultSchedule schedule;
    long runSeed = FaultFlags.seedOrRandom(seed);
    try {
      config = ClusterConfig.load(configFile).acrossProcesses();
      if (!(durationSeconds > 0) || !(everySeconds > 0) || !(resumeWithinSeconds > 0) || !(settleWithinSeconds > 0)) {
        throw new UsageException("--duration, --every, --resume-within and --settle-within must be positive");
      }
      if (lines < 1) {
        throw new UsageException("--lines must be at least 1, got " + lines);
      }
      if (rate < 1) {
        throw new UsageException("--rate must be at least 1, got " + rate);
      }
      if (!(loss >= 0 && loss < 1)) {
        throw new UsageException("--loss must be in [0, 1), got " + loss);
      }
      schedule = new FaultSchedule(FaultSchedule.parseKinds(faults), config.replicaCount(), config.f(), loss, runSeed);
    } catch (UsageException | ConfigException e) {
      err.println("nemesis: " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("nemesis: --faults: " + e.getMessage());
      return 2;
    }
    PrintWriter console = new PrintWriter(out, true);
    Path logDir = logs.toAbsolutePath();
    Path dataDir = data != null ? data.toAbsolutePath() : logDir.resolve("data");
    Files.createDirectories(logDir);
    clear(logDir, dataDir, config);
    console.printf(Locale.ROOT, "nemesis: %d replicas (f = %d), %d clients sending %d lines/s each, %.0f s of faults"
        + " (%s) every %.1f s, seed %d%n", config.replicaCount(), config.f(), config.clientCount(), rate,
        durationSeconds, faults, everySeconds, runSeed);
    try (NemesisCluster cluster = new NemesisCluster(config, configFile, logDir, dataDir, runSeed)) {
      long start = System.nanoTime();
      for (int id = 0; id < config.replicaCount(); id++) {
        cluster.startReplica(id, true);
      }
      if (!waitUntil(() -> cluster.primary().isPresent(), READY_WITHIN)) {
        console.println("nemesis: no primary " + READY_WITHIN.toSeconds() + " s after start (see " + logDir
            + "/replica-<id>.out)");
        return 1;
      }
      console.printf(Locale.ROOT, "cluster ready in %.2f s%n", (System.nanoTime() - start) / 1e9);
      Duration clientTimeout = Duration.ofSeconds((long) (durationSeconds + resumeWithinSeconds + 600));
      long clientsStarted = System.nanoTime();
      for (int id = 0; id < config.clientCount(); id++) {
        cluster.startClient(id, lines, rate, clientTimeout);
      }
      // Faults start once the load does: client JVMs take seconds to start on a busy machine.
      if (!waitUntil(() -> cluster.committed() > 0, READY_WITHIN)) {
        console.println("nemesis: nothing executed " + READY_WITHIN.toSeconds() + " s after the clients started (see "
            + logDir + "/client-<id>.out)");
        return 1;
      }
      console.printf(Locale.ROOT, "clients committing after %.2f s%n", (System.nanoTime() - clientsStarted) / 1e9);
      NemesisRun.Outcome outcome = new NemesisRun(cluster, schedule, console).run(
          seconds(durationSeconds), seconds(everySeconds), seconds(resumeWithinSeconds));
      cluster.stopClients();
      List<AcksFile.Ack> acks = readAcks(config, cluster);
      boolean settled = waitUntil(new Settled(cluster, slotsAcknowledged(acks)), seconds(settleWithinSeconds));
      cluster.stopReplicas();
      return report(logDir, acks, outcome, settled, console);
    }
  }

  private int report(Path logDir, List<AcksFile.Ack> acks, NemesisRun.Outcome outcome, boolean settled,
      PrintWriter console) throws IOException {
    List<String> failures = new ArrayList<>();
    if (!outcome.resumed()) {
      failures.add("no slot executed within " + resumeWithinSeconds + " s of the last fault");
    }
    if (!settled) {
      failures.add("replicas had not executed alike, and past every acknowledged line, " + settleWithinSeconds
          + " s after the clients stopped");
    }
    ConsistencyReport consistency;
    try {
      consistency = ConsistencyChecker.check(logDir);
      if (consistency.verdict() != ConsistencyReport.Verdict.IDENTICAL || !consistency.ok()) {
        failures.add("logs: " + consistency.verdictLine());
        failures.addAll(consistency.findings().stream().limit(10).toList());
      }
    } catch (ChatLogException e) {
      failures.add("logs: " + e.getMessage());
    }
    for (var log : ChatLogFiles.list(logDir).entrySet()) {
      AckCheck.Result result = AckCheck.check(log.getKey(), log.getValue(), acks);
      failures.addAll(result.problems());
    }

    console.println();
    console.println("faults");
    outcome.faultsByKind().forEach((kind, count) -> console.printf(Locale.ROOT, "  %-30s %d%n", kind, count));
    console.println("results");
    row(console, "lines acknowledged", String.valueOf(acks.size()));
    row(console, "slots executed", String.valueOf(outcome.committedAtEnd()));
    row(console, "commits resumed", outcome.resumed()
        ? String.format(Locale.ROOT, "%.2f s after the last fault", outcome.resumedAfterMillis() / 1e3)
        : "NOT within " + resumeWithinSeconds + " s");
    row(console, "fault healed -> next commit", describe(outcome.healToCommitMillis()));
    row(console, "leader SIGKILL -> new leader's commit", describe(outcome.leaderKillToCommitMillis()));
    row(console, "acks in every log once", failures.stream().anyMatch(f -> f.contains("acknowledged line")) ? "NO" : "yes");
    row(console, "logs identical, in order", failures.stream().anyMatch(f -> f.startsWith("logs")) ? "NO" : "yes");
    if (failures.isEmpty()) {
      console.println("PASS");
      return 0;
    }
    failures.forEach(f -> console.println("  " + f));
    console.println("FAIL");
    return 1;
  }

  private static void row(PrintWriter console, String name, String value) {
    console.printf(Locale.ROOT, "  %-36s %s%n", name, value);
  }

  private static String describe(Histogram millis) {
    if (millis.getTotalCount() == 0) {
      return "none measured";
    }
    return String.format(Locale.ROOT, "n=%d  p50 %.2f s  p90 %.2f s  p99 %.2f s  max %.2f s",
        millis.getTotalCount(), millis.getValueAtPercentile(50) / 1e3, millis.getValueAtPercentile(90) / 1e3,
        millis.getValueAtPercentile(99) / 1e3, millis.getMaxValue() / 1e3);
  }

  /** Every line the clients saw acknowledged, from their acks files (final once the clients are stopped). */
  private static List<AcksFile.Ack> readAcks(ClusterConfig config, NemesisCluster cluster) throws IOException {
    List<AcksFile.Ack> acks = new ArrayList<>();
    for (int id = 0; id < config.clientCount(); id++) {
      if (Files.exists(cluster.acksFile(id))) {
        acks.addAll(AcksFile.read(cluster.acksFile(id)));
      }
    }
    return acks;
  }

  /** One past the highest slot any of {@code acks} was acknowledged in (0 if none). */
  private static long slotsAcknowledged(List<AcksFile.Ack> acks) {
    return acks.stream().mapToLong(ack -> ack.slot() + 1).max().orElse(0);
  }

  /**
   * What the replicas report executing, if they have settled: every one has executed the same
   * slots, and at least the slots of every acknowledged line. The second part matters after all
   * replicas restart: a line acknowledged just before their SIGKILL may not be in any chat log
   * yet (it is in a majority of acceptor logs), and the restarted replicas agree on their logs'
   * shorter length until a new leader decides its slot again.
   */
  static OptionalLong agreedPast(List<Optional<Long>> executedUpTo, long slotsAcknowledged) {
    long agreed = -1;
    for (Optional<Long> executed : executedUpTo) {
      if (executed.isEmpty() || (agreed >= 0 && executed.get() != agreed)) {
        return OptionalLong.empty();
      }
      agreed = executed.get();
    }
    return agreed >= slotsAcknowledged ? OptionalLong.of(agreed) : OptionalLong.empty();
  }

  /**
   * Every replica up and executed as far as the others, and no further for a while: a leader
   * still proposes what clients had sent before they stopped, and a moment when all happen to
   * agree is not the end.
   */
  private static final class Settled implements java.util.function.BooleanSupplier {
    private static final Duration STILL_FOR = Duration.ofSeconds(3);
    private final NemesisCluster cluster;
    private final long slotsAcknowledged;
    private long agreedOn = -1;
    private long agreedSince;

    Settled(NemesisCluster cluster, long slotsAcknowledged) {
      this.cluster = cluster;
      this.slotsAcknowledged = slotsAcknowledged;
    }

    @Override
    public boolean getAsBoolean() {
      List<Optional<Long>> executed = new ArrayList<>();
      for (int id = 0; id < cluster.replicaCount(); id++) {
        executed.add(cluster.state(id).map(ReplicaReport::executedUpTo));
      }
      OptionalLong agreed = agreedPast(executed, slotsAcknowledged);
      if (agreed.isEmpty()) {
        agreedOn = -1;
        return false;
      }
      if (agreed.getAsLong() != agreedOn) {
        agreedOn = agreed.getAsLong();
        agreedSince = System.nanoTime();
      }
      return System.nanoTime() - agreedSince >= STILL_FOR.toNanos();
    }
  }

  /** Chat logs, acks and control files of an earlier run go; so do the replicas' acceptor logs. */
  private static void clear(Path logDir, Path dataDir, ClusterConfig config) throws IOException {
    ChatLogFiles.deleteAll(logDir);
    for (int id = 0; id < config.replicaCount(); id++) {
      DataDirs.delete(dataDir, id);
      Files.deleteIfExists(logDir.resolve("replica-" + id + ".nemesis"));
    }
    for (int id = 0; id < config.clientCount(); id++) {
      Files.deleteIfExists(AcksFile.fileOf(logDir, id));
    }
  }

  private static boolean waitUntil(java.util.function.BooleanSupplier condition, Duration bound)
      throws InterruptedException {
    return Await.until(condition, bound, POLL);
  }

  private static Duration seconds(double seconds) {
    return Duration.ofMillis((long) (seconds * 1000));
  }
}
