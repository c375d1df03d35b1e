package io.paxoschat.cluster;

import io.paxoschat.chatlog.AcksFile;
import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.chatlog.ChatLogTail;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.fault.NemesisControl;
import io.paxoschat.fault.NetworkFaults;
import io.paxoschat.remote.NodeId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The replica and client processes of one nemesis run, and the faults done to them: SIGKILL and
 * restart, SIGSTOP and SIGCONT, and the network faults of each replica's control file. It
 * remembers every process it started, so {@link #close()} can kill all of them by pid, whatever
 * state a run left them in.
 */
public final class NemesisCluster implements AutoCloseable {

  private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

  private final ClusterConfig config;
  private final Path configFile;
  private final Path logs;
  private final Path data;
  private final long seed;
  private final Process[] replicas;
  private final boolean[] paused;
  private final int[] incarnations;
  private final List<Process> clients = new ArrayList<>();
  private final List<Process> everyProcess = new ArrayList<>();

  public NemesisCluster(ClusterConfig config, Path configFile, Path logs, Path data, long seed) {
    this.config = config;
    this.configFile = configFile.toAbsolutePath();
    this.logs = logs.toAbsolutePath();
    this.data = data.toAbsolutePath();
    this.seed = seed;
    this.replicas = new Process[config.replicaCount()];
    this.paused = new boolean[config.replicaCount()];
    this.incarnations = new int[config.replicaCount()];
  }

  public int replicaCount() {
    return replicas.length;
  }

  /** Where replica {@code id} reads the network faults the nemesis wants now. */
  public Path controlFile(int id) {
    return logs.resolve("replica-" + id + ".nemesis");
  }

  public Path acksFile(int clientId) {
    return AcksFile.fileOf(logs, clientId);
  }

  /** Starts replica {@code id}: empty with {@code fresh}, else from what it kept on disk. */
  public void startReplica(int id, boolean fresh) throws IOException {
    if (isUp(id)) {
      throw new IllegalStateException("replica-" + id + " is already running");
    }
    NodeId node = NodeId.replica(id);
    Files.deleteIfExists(NodeFiles.state(logs, node));
    List<String> args = new ArrayList<>(List.of(
        "--config", configFile.toString(), "--id", String.valueOf(id), "--logs", logs.toString(),
        "--data", data.toString(), "--seed", String.valueOf(seed),
        "--nemesis-control", controlFile(id).toString()));
    if (fresh) {
      args.add("--fresh");
    }
    // Each incarnation keeps its own output and debug log: the one that failed is the one to read.
    int incarnation = incarnations[id]++;
    String name = node.name() + (incarnation == 0 ? "" : "-" + incarnation);
    Path out = logs.resolve(name + ".out");
    List<String> jvmFlags = List.of("-Dpaxoschat.debug-log=" + logs.resolve("paxos-chat-" + name + "-debug.log"));
    Process process = NodeProcesses.startDetached(
        NodeProcesses.javaCommand("io.paxoschat.cli.ReplicaCommand", jvmFlags, args), out);
    replicas[id] = process;
    paused[id] = false;
    everyProcess.add(process);
  }

  /** Starts client {@code id} sending {@code lines} generated lines, {@code rate} a second, recording acks. */
  public void startClient(int id, int lines, int rate, Duration timeout) throws IOException {
    NodeId node = NodeId.client(id);
    List<String> args = List.of(
        "--config", configFile.toString(), "--id", String.valueOf(id), "--generate", String.valueOf(lines),
        "--rate", String.valueOf(rate), "--acks", acksFile(id).toString(),
        "--timeout", String.valueOf(timeout.toSeconds()), "--logs", logs.toString());
    Process process = NodeProcesses.startDetached(
        NodeProcesses.javaCommand("io.paxoschat.cli.ClientCommand", args), NodeFiles.out(logs, node));
    clients.add(process);
    everyProcess.add(process);
  }

  public boolean isUp(int id) {
    return replicas[id] != null && replicas[id].isAlive();
  }

  /** Replicas whose roles run (their state file is there) and that are not paused. */
  public Set<Integer> ready() {
    Set<Integer> ready = new TreeSet<>();
    for (int id = 0; id < replicas.length; id++) {
      if (!paused[id] && state(id).isPresent()) {
        ready.add(id);
      }
    }
    return ready;
  }

  public boolean isPaused(int id) {
    return paused[id];
  }

  /**
   * SIGKILL to all of them at once, then wait until each process is gone (its port is free again
   * then; a process in the middle of an fsync dies only when the fsync returns).
   */
  public void kill(List<Integer> ids) throws InterruptedException {
    for (int id : ids) {
      if (replicas[id] != null && replicas[id].isAlive()) {
        replicas[id].destroyForcibly();
      }
    }
    for (int id : ids) {
      if (replicas[id] != null) {
        replicas[id].waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
      paused[id] = false;
    }
  }

  public void pause(int id) throws IOException, InterruptedException {
    if (isUp(id) && !paused[id]) {
      signal(replicas[id], "STOP");
      paused[id] = true;
    }
  }

  public void resume(int id) throws IOException, InterruptedException {
    if (isUp(id) && paused[id]) {
      signal(replicas[id], "CONT");
      paused[id] = false;
    }
  }

  public void setNetwork(int id, NetworkFaults.Setting setting) throws IOException {
    NemesisControl.write(controlFile(id), setting);
  }

  /** What replica {@code id} last wrote to its state file, if it is running. */
  public Optional<ReplicaReport> state(int id) {
    if (!isUp(id)) {
      return Optional.empty();
    }
    long pid = replicas[id].pid();
    return ReplicaReport.read(NodeFiles.state(logs, NodeId.replica(id))).filter(s -> s.pid() == pid);
  }

  /** The live replica that leads the highest view, as the state files say. */
  public OptionalLong primary() {
    long best = -1;
    long bestView = -1;
    for (int id = 0; id < replicas.length; id++) {
      Optional<ReplicaReport> state = state(id);
      if (state.isPresent() && state.get().leading() && state.get().view() > bestView && !paused[id]) {
        best = id;
        bestView = state.get().view();
      }
    }
    return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
  }

  /** The most slots any live replica has executed. */
  public long committed() {
    long most = 0;
    for (int id = 0; id < replicas.length; id++) {
      most = Math.max(most, state(id).map(ReplicaReport::executedUpTo).orElse(0L));
    }
    return most;
  }

  /**
   * The most slots any replica's chat log holds whole. A replica's state file is written now and
   * then, so one killed right after it executed more reports those slots only once restarted,
   * from its log: what the logs held then is no new commit.
   */
  public long slotsLogged() throws IOException {
    long most = 0;
    for (int id = 0; id < replicas.length; id++) {
      most = Math.max(most, ChatLogTail.slotsIn(ChatLogFiles.logFile(logs, id)));
    }
    return most;
  }

  /** Stops the clients (SIGKILL: what they acknowledged is in their acks files already). */
  public void stopClients() throws InterruptedException {
    for (Process client : clients) {
      client.destroyForcibly();
    }
    for (Process client : clients) {
      client.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** SIGTERM to every replica, so each flushes its chat log; SIGKILL to one that lingers. */
  public void stopReplicas() throws IOException, InterruptedException {
    for (int id = 0; id < replicas.length; id++) {
      resume(id);
      if (isUp(id)) {
        replicas[id].destroy();
      }
    }
    for (Process replica : replicas) {
      if (replica != null && !replica.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        replica.destroyForcibly();
        replica.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Kills every process this run started, paused ones included. */
  @Override
  public void close() {
    for (Process process : everyProcess) {
      if (process.isAlive()) {
        try {
          signal(process, "CONT"); // a stopped process dies of SIGKILL too, but reaps quicker awake
        } catch (IOException | InterruptedException e) {
          // killing it matters more
        }
        process.destroyForcibly();
      }
    }
    for (Process process : everyProcess) {
      try {
        process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void signal(Process process, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    kill.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
