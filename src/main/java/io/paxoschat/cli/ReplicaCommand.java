package io.paxoschat.cli;

import io.paxoschat.actor.ReplicaActor;
import io.paxoschat.actor.ReplicaMeters;
import io.paxoschat.actor.ReplicaState;
import io.paxoschat.actor.ReplicaStatus;
import io.paxoschat.chatlog.ChatLogException;
import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.cluster.NodeFiles;
import io.paxoschat.cluster.NodeProcesses;
import io.paxoschat.cluster.ReplicaReport;
import io.paxoschat.cluster.ReplicaStateFile;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.ConfigException;
import io.paxoschat.events.EventRecorder;
import io.paxoschat.events.ProcessRecords;
import io.paxoschat.fault.InjectedFaults;
import io.paxoschat.fault.NemesisControl;
import io.paxoschat.fault.NetworkFaults;
import io.paxoschat.metrics.MetricsPortException;
import io.paxoschat.metrics.MetricsServer;
import io.paxoschat.metrics.ReplicaMetrics;
import io.paxoschat.remote.Incarnations;
import io.paxoschat.remote.NodeId;
import io.paxoschat.remote.RemoteNode;
import io.paxoschat.remote.SchedulerTick;
import io.paxoschat.remote.StatusReport;
import io.paxoschat.storage.ClusterIdentity;
import io.paxoschat.storage.DataDirs;
import io.paxoschat.storage.Durability;
import io.paxoschat.storage.IoErrors;
import io.paxoschat.storage.OwnerLockHeldException;
import io.paxoschat.storage.ReplicaLocks;
import io.paxoschat.storage.StorageException;
import io.paxoschat.storage.StorageSettings;
import io.paxoschat.storage.StorageWriteException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/replica}: one replica in its own JVM, talking to its peers over Artery. */
@Command(
    name = "replica",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Runs replica ID of the cluster in this JVM, listening on its host:port from the config, and",
      "finds its peers at theirs. Runs until stopped (SIGTERM or Ctrl-C).",
      "Writes LOGS/replica-<id>.log (its chat log), replica-<id>.pid and replica-<id>.state, and keeps its",
      "acceptor's promises in DATA/replica-<id>/acceptor.log; started again, it continues from both."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped",
      "1:could not start (e.g. its port is taken) or stopped by a failure",
      "2:bad usage or config, or replica data that cannot be trusted",
      "3:crashed on purpose (--fail)",
      "4:storage failure: a write or fsync of its files failed (disk full, read-only, I/O error)"
    })
public final class ReplicaCommand implements Callable<Integer> {

  static final int EXIT_CRASHED = 3;
  static final int EXIT_STORAGE_FAILURE = 4;
  private static final Duration STATE_EVERY = Duration.ofMillis(100);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "${sys:paxoschat.home:-.}/conf/cluster-f2.conf",
      description = "Cluster config (HOCON). Default: ${DEFAULT-VALUE}")
  Path configFile;

  @Option(names = "--id", paramLabel = "I", required = true, description = "Which replica of the config this is.")
  int id;

  @Option(names = "--fail", paramLabel = "N", defaultValue = "0",
      description = "The primaries of the first N views crash (halt) right after their first client request as"
          + " primary (0 <= N <= f); give every replica the same N.")
  int fail;

  @Option(names = "--skip", paramLabel = "X",
      description = "The primary of view 0 never gets slot X accepted; the next one fills it with a no-op.")
  Long skip;

  @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
      description = "Lose each message to this replica with probability P (0 <= P < 1).")
  double loss;

  @Option(names = "--seed", paramLabel = "S", description = "Seed for every random choice (default: random, printed).")
  Long seed;

  @Option(names = "--logs", paramLabel = "DIR", defaultValue = "${sys:paxoschat.home:-.}/logs",
      description = "Default: ${DEFAULT-VALUE}")
  Path logs;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Where the replica keeps its acceptor log (default: storage.data-dir of the config, relative to"
          + " the installation).")
  Path data;

  @Option(names = {"--init", "--fresh"},
      description = "Start empty as a member of a new cluster: delete this replica's chat log and acceptor log"
          + " first and give its files a new cluster id. Without it a replica continues from them, as a crashed"
          + " replica must. Only for a whole cluster starting anew: a replica that forgets what it promised while"
          + " the others remember can break agreement (use --rejoin for that).")
  boolean fresh;

  @Option(names = "--rejoin",
      description = "This replica lost its disk (or its acceptor log): start with an empty acceptor that does not"
          + " vote until an instance started after its return is decided, and catch up from the peers. Its"
          + " acceptor log is deleted; a chat log that is left is kept.")
  boolean rejoin;

  @Option(names = "--cluster-id", paramLabel = "ID",
      description = "With --init or --rejoin: the cluster id its files carry (default: a new random one with"
          + " --init, the one its chat log carries with --rejoin).")
  String clusterId;
  @Option(names = "--nemesis-control", paramLabel = "FILE",
      description = "Let a nemesis break this replica's network while it runs: FILE says which loss and which"
          + " cut-off peers apply now (read every 100 ms; missing or empty: none). For bin/nemesis; without this"
          + " option no file can change the replica's network.")
  Path nemesisControl;

  @Option(names = "--events", paramLabel = "FILE",
      description = "Record what this replica does (JSON lines, appended) for bin/report; bin/cluster start"
          + " gives LOGS/events-replica-<id>.jsonl.")
  Path eventsFile;

  @Mixin MetricsFlags metricsFlags = new MetricsFlags();

  private final PrintStream out;
  private final PrintStream err;
  private EventRecorder events = EventRecorder.OFF;
  /** Where /metrics is served: --metrics-port, or metrics-port of the config; -1 when off. */
  private int metricsPort = -1;

  public ReplicaCommand() {
    this(System.out, System.err);
  }

  ReplicaCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  static int execute(String[] args, PrintStream out, PrintStream err) {
    return CommandLines.create(new ReplicaCommand(out, err), out, err).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    ClusterConfig config;
    InjectedFaults faults;
    try {
      config = ClusterConfig.load(configFile).acrossProcesses();
      faults = faults(config);
      checkStartModes(config);
      metricsPort = metricsFlags.portOr(config.replica(id).metricsPort());
      checkWritable(storageSettings(config));
    } catch (UsageException | ConfigException e) {
      err.println("replica: " + e.getMessage());
      return 2;
    }
    StorageSettings storage = storageSettings(config);
    ReplicaLocks ownerLocks;
    try {
      // Held for the life of this process (the OS releases it on any exit, a halt included):
      // nothing else may write or clear this replica's files while it runs.
      ownerLocks = ReplicaLocks.acquire(logs, storage.dataDir(), List.of(id));
    } catch (OwnerLockHeldException | StorageException e) {
      err.println("replica: " + e.getMessage());
      return 2;
    }
    try {
      return runOwning(config, faults, storage);
    } finally {
      ownerLocks.close();
    }
  }

  /** Before anything is locked, cleared or started: every place this replica writes. */
  private void checkWritable(StorageSettings storage) {
    WritablePaths.requireDirectory("--logs", logs);
    WritablePaths.requireDirectory(data != null ? "--data" : "storage.data-dir", storage.dataDir());
    WritablePaths.requireFile("--events", eventsFile);
  }

  private int runOwning(ClusterConfig config, InjectedFaults faults, StorageSettings storage) throws Exception {
    NodeId self = NodeId.replica(id);
    // Before the first logger exists: each process gets a debug log of its own.
    System.setProperty("paxoschat.debug-log",
        System.getProperty("paxoschat.debug-log", NodeFiles.debugLog(logs, self).toString()));

    Path pidFile = NodeFiles.pid(logs, self);
    OptionalLong running = NodeProcesses.readPid(pidFile);
    if (running.isPresent() && running.getAsLong() != ProcessHandle.current().pid()
        && NodeProcesses.ours(running.getAsLong()).isPresent()) {
      err.println("replica: " + self + " is already running (pid " + running.getAsLong() + ", " + pidFile + ")");
      return 1;
    }
    ReplicaStatus status = new ReplicaStatus(id);
    if (metricsPort < 0) {
      return runReplica(config, faults, storage, self, pidFile, status, ReplicaMeters.NONE, null);
    }
    ReplicaMetrics metrics = ReplicaMetrics.withJvmMetrics();
    AtomicReference<RemoteNode> currentNode = new AtomicReference<>();
    // Messages its process refused at the door (strangers, around the ingress); a new
    // incarnation of the node counts from zero again, which Prometheus reads as a reset.
    metrics.countDrops(id, "stranger", () -> {
      RemoteNode node = currentNode.get();
      return node == null ? 0 : node.droppedMessages();
    });
    try (MetricsServer server = MetricsServer.start(metrics.registry(), metricsFlags.host, metricsPort)) {
      out.println(self + " serves its metrics at " + server.url());
      return runReplica(config, faults, storage, self, pidFile, status, metrics.meters(status), currentNode);
    } catch (MetricsPortException e) {
      err.println("replica: " + self + ": " + e.getMessage());
      return 2;
    }
  }

  /** Runs the replica until it stops; {@code currentNode}, unless null, is told each incarnation's node. */
  private int runReplica(ClusterConfig config, InjectedFaults faults, StorageSettings storage, NodeId self, Path pidFile,
      ReplicaStatus status, ReplicaMeters meters, AtomicReference<RemoteNode> currentNode) throws Exception {
    events = ProcessRecords.open(eventsFile, self.name(), header(config, faults));
    NetworkFaults networkFaults = nemesisControl == null ? NetworkFaults.NONE : NetworkFaults.switchable();
    NemesisControl control = nemesisControl == null ? null : new NemesisControl(nemesisControl, networkFaults);
    if (control != null) {
      control.poll(); // the faults in force when it starts
    }
    // The state file appears once the roles run: before that the replica counts for nothing, and
    // bin/cluster and bin/nemesis must not take it for up.
    AtomicBoolean rolesRunning = new AtomicBoolean();
    // A peer that quarantines this replica's actor system cuts it off for as long as that system
    // lives; the replica then starts anew in this process, from what it keeps on disk.
    Incarnations incarnations = new Incarnations(incarnation -> {
      rolesRunning.set(false);
      // Only the first incarnation starts anew or rejoins; a later one continues from its files.
      ReplicaState state = recoverState(config, storage, incarnation == 0);
      if (incarnation > 0) {
        status.markRestarted(System.nanoTime(), state.learner().nextToExecute());
      }
      if (incarnation > 0 || !state.isEmpty()) {
        events.restarted(id, state.learner().nextToExecute());
      }
      try {
        RemoteNode node = startNode(config, self, faults, networkFaults, state, status, meters, rolesRunning);
        if (currentNode != null) {
          currentNode.set(node);
        }
        // Gateways ask over Artery for what their cluster page shows.
        node.directory().answerStatusWith(() -> new StatusReport(id, status.view(), status.leading(),
            status.executedUpTo(), status.commitIndex(), status.pendingProposals()));
        printListening(config, self, faults, state);
        return node;
      } catch (RuntimeException e) {
        closeQuietly(state);
        throw e;
      }
    });
    try {
      incarnations.start();
    } catch (StorageWriteException | UncheckedIOException e) {
      events.close(Map.of("error", storageProblem(e)));
      err.println("replica-" + id + ": storage failure: " + storageProblem(e));
      return EXIT_STORAGE_FAILURE;
    } catch (UsageException | StorageException | ChatLogException | ConfigException e) {
      events.close(Map.of("error", String.valueOf(e.getMessage())));
      err.println("replica: " + e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      events.close(Map.of("error", String.valueOf(e.getMessage())));
      err.println("replica: " + e.getMessage());
      return 1;
    }

    long pid = ProcessHandle.current().pid();
    Path stateFile = NodeFiles.state(logs, self);
    try {
      NodeProcesses.writePid(pidFile, pid);
    } catch (IOException e) {
      incarnations.stop(STOP_WAIT);
      events.close(Map.of("error", pidFile + ": " + IoErrors.describe(e)));
      err.println("replica-" + id + ": storage failure: " + pidFile + ": " + IoErrors.describe(e));
      return EXIT_STORAGE_FAILURE;
    }
    ScheduledExecutorService stateWriter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "replica-state-writer");
      thread.setDaemon(true);
      return thread;
    });
    ReplicaStateFile state = new ReplicaStateFile(stateFile);
    stateWriter.scheduleAtFixedRate(() -> {
      if (rolesRunning.get()) {
        writeState(status, pid, state);
      }
      if (control != null) {
        control.poll();
      }
    }, 0, STATE_EVERY.toMillis(), TimeUnit.MILLISECONDS);

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stateWriter.shutdownNow();
      incarnations.stop(STOP_WAIT); // the learner's PostStop flushes and closes the chat log
      events.close(Map.of("executed", status.executedUpTo(), "view", status.view()));
      deleteQuietly(pidFile);
      deleteQuietly(stateFile);
    }, "replica-shutdown"));

    boolean stopped;
    try {
      stopped = incarnations.runUntilStopped();
    } catch (Exception e) {
      err.println("replica: " + self + " could not start anew after a quarantine: " + e.getMessage());
      return 1;
    }
    if (!stopped) {
      err.println("replica: " + self + " stopped: its actor system terminated (see "
          + NodeFiles.debugLog(logs, self) + ")");
      return 1;
    }
    return 0;
  }

  private RemoteNode startNode(ClusterConfig config, NodeId self, InjectedFaults faults, NetworkFaults networkFaults,
      ReplicaState state, ReplicaStatus status, ReplicaMeters meters, AtomicBoolean rolesRunning)
      throws InterruptedException {
    // Its roles wait for the other replicas to be up (all of them, or a majority and a short
    // while, or none if a peer already runs), so that view 0 is not lost to JVMs that are still
    // starting (and --fail and --skip, which are about view 0, mean what they say).
    return RemoteNode.start(config, self, RemoteNode.Start.WHEN_A_MAJORITY_IS_UP, networkFaults, faults.seed(),
        (ctx, directory, guard) -> {
          // The roles' timers get the tick less the scheduler's: a fixed-delay timer waits for its next tick.
          ReplicaActor.Setup setup = new ReplicaActor.Setup(
              id, config.replicaCount(), config.protocolSettings(),
              SchedulerTick.timerDelay(config.tick(), ctx.getSystem()), faults, new LongAdder(),
              state, status, directory::register, directory, guard, () -> halt(status), events, meters);
          ctx.spawn(ReplicaActor.create(setup), self.name());
        }, up -> {
          rolesRunning.set(true);
          out.println(self + ": " + up + " of " + config.replicaCount() + " replicas up; running the protocol");
          out.flush();
        }, events);
  }

  private void printListening(ClusterConfig config, NodeId self, InjectedFaults faults, ReplicaState state) {
    out.printf("%s listening on %s (%s, %d replicas, f = %d, seed %d)%s; %s; waiting for the other replicas%n",
        self, self.addressIn(config).hostPort(), config.tls().enabled() ? "TLS" : "TCP", config.replicaCount(),
        config.f(), faults.seed(), FaultFlags.describe(faults), !state.acceptor().votes()
            ? "rejoins: its acceptor does not vote until an instance started now is decided ("
                + state.learner().nextToExecute() + " slots in its chat log)"
            : state.isEmpty() ? "starts empty"
            : "continues from its data (" + state.learner().nextToExecute() + " slots executed, promised "
                + state.acceptor().promised() + ")");
    out.flush();
  }

  /** The config's storage, with --data; a relative data dir counts from the installation. */
  private StorageSettings storageSettings(ClusterConfig config) {
    return config.storage().withDataDirOption(data);
  }

  /**
   * This replica's acceptor and learner as its files left them (empty with --fresh, or when
   * there are none): a replica process that crashed comes back with every promise it made.
   */
  private ReplicaState recoverState(ClusterConfig config, StorageSettings storage, boolean firstIncarnation)
      throws IOException {
    Path chatLog = ChatLogFiles.logFile(logs, id);
    Path dataId = ClusterIdentity.dataFile(storage, id);
    Path logId = ClusterIdentity.logFile(logs, id);
    if (fresh && firstIncarnation) {
      Files.deleteIfExists(chatLog);
      DataDirs.delete(storage.dataDir(), id);
      String cluster = clusterId != null ? clusterId : ClusterIdentity.random();
      ClusterIdentity.write(dataId, cluster);
      ClusterIdentity.write(logId, cluster);
      return ReplicaState.recover(id, config.replicaCount(), config.protocolSettings(), storage, logs);
    }
    if (rejoin && firstIncarnation) {
      Optional<String> chatCluster = ClusterIdentity.read(logId);
      if (clusterId != null && chatCluster.isPresent() && !chatCluster.get().equals(clusterId)) {
        throw new UsageException("--cluster-id " + clusterId + ", but its chat log " + chatLog
            + " belongs to cluster " + chatCluster.get() + " (" + logId + ")");
      }
      String cluster = clusterId != null ? clusterId : chatCluster.orElseGet(ClusterIdentity::random);
      DataDirs.delete(storage.dataDir(), id);
      ClusterIdentity.write(dataId, cluster);
      if (chatCluster.isEmpty()) {
        ClusterIdentity.write(logId, cluster);
      }
      return ReplicaState.rejoin(id, config.replicaCount(), config.protocolSettings(), storage, logs);
    }
    checkSameCluster(dataId, logId);
    if (storage.durability() == Durability.MEMORY && Files.exists(chatLog) && Files.size(chatLog) > 0) {
      throw new UsageException("storage.durability = memory keeps no promises, so replica-" + id
          + " must not continue after an earlier run (" + chatLog + " is not empty); start it with --fresh"
          + " only together with its whole cluster");
    }
    ReplicaState state = ReplicaState.recover(id, config.replicaCount(), config.protocolSettings(), storage, logs);
    // Files from before cluster ids existed, or one side started empty: both carry one from now on.
    try {
      String cluster = ClusterIdentity.read(dataId).or(() -> ClusterIdentity.read(logId))
          .orElseGet(ClusterIdentity::random);
      for (Path file : List.of(dataId, logId)) {
        if (ClusterIdentity.read(file).isEmpty()) {
          ClusterIdentity.write(file, cluster);
        }
      }
    } catch (RuntimeException e) {
      closeQuietly(state);
      throw e;
    }
    return state;
  }

  /** Refuses an acceptor log and a chat log of two different clusters. */
  private void checkSameCluster(Path dataId, Path logId) {
    Optional<String> data = ClusterIdentity.read(dataId);
    Optional<String> chat = ClusterIdentity.read(logId);
    if (data.isPresent() && chat.isPresent() && !data.get().equals(chat.get())) {
      throw new StorageException("replica-" + id + ": its acceptor log belongs to cluster " + data.get() + " ("
          + dataId + ") but its chat log to cluster " + chat.get() + " (" + logId + "); refusing files from"
          + " another cluster");
    }
  }

  private static void closeQuietly(ReplicaState state) {
    try {
      state.chatLog().close();
      if (state.acceptorLog() != null) {
        state.acceptorLog().close();
      }
    } catch (RuntimeException e) {
      // on the way out anyway
    }
  }

  private void checkStartModes(ClusterConfig config) {
    if (fresh && rejoin) {
      throw new UsageException("--init (--fresh) and --rejoin exclude each other");
    }
    if (clusterId != null && !fresh && !rejoin) {
      throw new UsageException("--cluster-id goes with --init or --rejoin");
    }
    if (clusterId != null && ClusterIdentity.problemWith(clusterId) != null) {
      throw new UsageException("--cluster-id: " + ClusterIdentity.problemWith(clusterId));
    }
    if (rejoin && config.storage().durability() == Durability.MEMORY) {
      throw new UsageException("--rejoin needs storage.durability fsync or os: with memory nothing is kept to rejoin with");
    }
  }

  private InjectedFaults faults(ClusterConfig config) {
    if (id < 0 || id >= config.replicaCount()) {
      throw new UsageException("--id " + id + ": " + configFile + " has replicas 0.." + (config.replicaCount() - 1));
    }
    return FaultFlags.plan(fail, skip, loss, seed, config, configFile);
  }

  /**
   * The replica went down in this process: say why in one line and halt (no shutdown hooks,
   * no flushing, no goodbye to the peers), with the exit code that tells why.
   */
  private void halt(ReplicaStatus status) {
    int code;
    if (status.storageFailure() != null) {
      err.println("replica-" + id + ": storage failure: " + status.storageFailure() + "; halting the process");
      code = EXIT_STORAGE_FAILURE;
    } else if (status.crashedByFailFlag()) {
      err.println("replica-" + id + ": crashing as primary (--fail): halting the process");
      code = EXIT_CRASHED;
    } else {
      err.println("replica-" + id + ": a role of the replica stopped unexpectedly: halting the process (see "
          + NodeFiles.debugLog(logs, NodeId.replica(id)) + ")");
      code = 1;
    }
    err.flush();
    events.flush(); // why it went down is recorded; nothing else runs after the halt
    Runtime.getRuntime().halt(code);
  }

  private static String storageProblem(RuntimeException e) {
    return e instanceof UncheckedIOException io ? io.getMessage() + ": " + IoErrors.describe(io.getCause())
        : e.getMessage();
  }

  private Map<String, Object> header(ClusterConfig config, InjectedFaults faults) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("scenario", "cluster of processes");
    header.put("config", configFile.toString());
    header.put("seed", faults.seed());
    header.put("faults", FaultFlags.listed(faults));
    header.put("replicas", config.replicaCount());
    header.put("clients", config.clientCount());
    return header;
  }

  private static void writeState(ReplicaStatus status, long pid, ReplicaStateFile state) {
    try {
      state.write(new ReplicaReport(pid, status.view(), status.leading(), status.executedUpTo(),
          System.currentTimeMillis()));
    } catch (RuntimeException e) {
      // The state file is a courtesy to bin/cluster; a full disk must not stop the replica.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // nothing left to do on the way out
    }
  }
}
