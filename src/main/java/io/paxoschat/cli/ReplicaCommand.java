package io.paxoschat.cli;

import io.paxoschat.actor.ReplicaActor;
import io.paxoschat.actor.ReplicaStatus;
import io.paxoschat.actor.ReplicaState;
import io.paxoschat.chatlog.ChatLogException;
import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.cluster.NodeFiles;
import io.paxoschat.cluster.NodeProcesses;
import io.paxoschat.cluster.ReplicaReport;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.ConfigException;
import io.paxoschat.events.EventRecorder;
import io.paxoschat.events.ProcessRecords;
import io.paxoschat.fault.FaultPlan;
import io.paxoschat.remote.NodeId;
import io.paxoschat.remote.RemoteNode;
import io.paxoschat.storage.DataDirs;
import io.paxoschat.storage.Durability;
import io.paxoschat.storage.StorageException;
import io.paxoschat.storage.StorageSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
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
      "3:crashed on purpose (--fail)"
    })
public final class ReplicaCommand implements Callable<Integer> {

  static final int EXIT_CRASHED = 3;
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

  @Option(names = "--fresh",
      description = "Start empty: delete this replica's chat log and acceptor log first. Without it a replica"
          + " continues from them, as a crashed replica must. Only for a whole cluster starting anew: a replica"
          + " that forgets what it promised can break agreement.")
  boolean fresh;

  @Option(names = "--events", paramLabel = "FILE",
      description = "Record what this replica does (JSON lines, appended) for bin/report; bin/cluster start"
          + " gives LOGS/events-replica-<id>.jsonl.")
  Path eventsFile;

  private final PrintStream out;
  private final PrintStream err;
  private EventRecorder events = EventRecorder.OFF;

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
    FaultPlan faults;
    try {
      config = ClusterConfig.load(configFile).acrossProcesses();
      faults = faults(config);
    } catch (UsageException | ConfigException e) {
      err.println("replica: " + e.getMessage());
      return 2;
    }
    NodeId self = NodeId.replica(id);
    Files.createDirectories(logs);
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
    StorageSettings storage = storageSettings(config);
    ReplicaState state;
    try {
      state = recoverState(config, storage);
    } catch (UsageException | StorageException | ChatLogException e) {
      err.println("replica: " + e.getMessage());
      return 2;
    }
    ReplicaStatus status = new ReplicaStatus(id);
    events = ProcessRecords.open(eventsFile, self.name(), header(config, faults));
    if (!state.isEmpty()) {
      events.restarted(id, state.learner().nextToExecute());
    }
    EventRecorder recorder = events;
    RemoteNode node;
    try {
      // Its roles wait for the other replicas to be up (all of them, or a majority and a short
      // while), so that view 0 is not lost to JVMs that are still starting (and --fail and
      // --skip, which are about view 0, mean what they say).
      node = RemoteNode.start(config, self, RemoteNode.Start.WHEN_A_MAJORITY_IS_UP, (ctx, directory, guard) -> {
        ReplicaActor.Setup setup = new ReplicaActor.Setup(
            id, config.replicaCount(), config.protocolSettings(), config.tick(), faults, new LongAdder(),
            state, status, directory::register, directory, guard, this::crash, recorder);
        ctx.spawn(ReplicaActor.create(setup), self.name());
      }, up -> {
        out.println(self + ": " + up + " of " + config.replicaCount() + " replicas up; running the protocol");
        out.flush();
      }, recorder);
    } catch (ConfigException e) {
      closeQuietly(state);
      events.close(Map.of("error", e.getMessage()));
      err.println("replica: " + e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      closeQuietly(state);
      events.close(Map.of("error", e.getMessage()));
      err.println("replica: " + e.getMessage());
      return 1;
    }

    long pid = ProcessHandle.current().pid();
    Path stateFile = NodeFiles.state(logs, self);
    NodeProcesses.writePid(pidFile, pid);
    ScheduledExecutorService stateWriter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "replica-state-writer");
      thread.setDaemon(true);
      return thread;
    });
    stateWriter.scheduleAtFixedRate(() -> writeState(status, pid, stateFile),
        0, STATE_EVERY.toMillis(), TimeUnit.MILLISECONDS);

    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      stateWriter.shutdownNow();
      node.stop(STOP_WAIT); // the learner's PostStop flushes and closes the chat log
      events.close(Map.of("executed", status.executedUpTo(), "view", status.view()));
      deleteQuietly(pidFile);
      deleteQuietly(stateFile);
    }, "replica-shutdown"));

    out.printf("%s listening on %s (%s, %d replicas, f = %d, seed %d)%s; %s; waiting for the other replicas%n",
        self, self.addressIn(config).hostPort(), config.tls().enabled() ? "TLS" : "TCP", config.replicaCount(),
        config.f(), faults.seed(), FaultFlags.describe(faults), state.isEmpty() ? "starts empty"
            : "continues from its data (" + state.learner().nextToExecute() + " slots executed, promised "
                + state.acceptor().promised() + ")");
    out.flush();
    node.system().getWhenTerminated().toCompletableFuture().join();
    if (!stopping.get()) {
      err.println("replica: " + self + " stopped: its actor system terminated (see "
          + NodeFiles.debugLog(logs, self) + ")");
      return 1;
    }
    return 0;
  }

  /** The config's storage, with --data; a relative data dir counts from the installation. */
  private StorageSettings storageSettings(ClusterConfig config) {
    StorageSettings storage = config.storage();
    Path dir = data != null ? data : storage.dataDir();
    if (!dir.isAbsolute() && data == null) {
      dir = Path.of(System.getProperty("paxoschat.home", ".")).resolve(dir);
    }
    return storage.withDataDir(dir);
  }

  /**
   * This replica's acceptor and learner as its files left them (empty with --fresh, or when
   * there are none): a replica process that crashed comes back with every promise it made.
   */
  private ReplicaState recoverState(ClusterConfig config, StorageSettings storage) throws IOException {
    Path chatLog = ChatLogFiles.logFile(logs, id);
    if (fresh) {
      Files.deleteIfExists(chatLog);
      DataDirs.delete(storage.dataDir(), id);
    } else if (storage.durability() == Durability.MEMORY && Files.exists(chatLog) && Files.size(chatLog) > 0) {
      throw new UsageException("storage.durability = memory keeps no promises, so replica-" + id
          + " must not continue after an earlier run (" + chatLog + " is not empty); start it with --fresh"
          + " only together with its whole cluster");
    }
    return ReplicaState.recover(id, config.replicaCount(), config.protocolSettings(), storage, logs);
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

  private FaultPlan faults(ClusterConfig config) {
    if (id < 0 || id >= config.replicaCount()) {
      throw new UsageException("--id " + id + ": " + configFile + " has replicas 0.." + (config.replicaCount() - 1));
    }
    return FaultFlags.plan(fail, skip, loss, seed, config, configFile);
  }

  /** A crash is a crash: no shutdown hooks, no flushing, no goodbye to the peers. */
  private void crash() {
    err.println("replica-" + id + ": crashing as primary (--fail): halting the process");
    err.flush();
    events.flush(); // the crash is recorded; nothing else runs after the halt
    Runtime.getRuntime().halt(EXIT_CRASHED);
  }

  private Map<String, Object> header(ClusterConfig config, FaultPlan faults) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("scenario", "cluster of processes");
    header.put("config", configFile.toString());
    header.put("seed", faults.seed());
    header.put("faults", FaultFlags.listed(faults));
    header.put("replicas", config.replicaCount());
    header.put("clients", config.clientCount());
    return header;
  }

  private static void writeState(ReplicaStatus status, long pid, Path file) {
    try {
      new ReplicaReport(pid, status.view(), status.leading(), status.executedUpTo(), System.currentTimeMillis())
          .write(file);
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
