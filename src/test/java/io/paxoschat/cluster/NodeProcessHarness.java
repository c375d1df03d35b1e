package io.paxoschat.cluster;

import io.paxoschat.paxos.Command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.chatlog.ChatLogFormat;
import io.paxoschat.chatlog.LogEntry;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.remote.FreePorts;
import io.paxoschat.remote.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the bin/ commands against a cluster of its own: a cluster file on free loopback ports
 * (f = 1: three replicas) and message files in a temporary directory. It remembers every process
 * it started and, on {@link #close()}, kills them and every replica a pid file names, whatever
 * state the test left them in.
 */
final class NodeProcessHarness implements AutoCloseable {

  /** Lean JVMs: the suite runs many of them at once on two cores. */
  static final String JAVA_OPTS = "-Xmx256m -XX:ParallelGCThreads=1 -XX:TieredStopAtLevel=1 -Xss512k";
  static final Path BIN = Path.of("bin").toAbsolutePath();

  record Run(int exitCode, String out) {}

  final Path dir;
  final Path logs;
  final Path config;
  final Path messages;
  final List<List<String>> clientLines;
  private final List<Process> started = new ArrayList<>();
  private final long createdAt = System.nanoTime();

  NodeProcessHarness(Path dir, String extraConfig, List<List<String>> clientLines) throws IOException {
    this.dir = dir;
    this.logs = dir.resolve("logs");
    this.config = dir.resolve("cluster.conf");
    this.messages = dir.resolve("messages");
    this.clientLines = clientLines;
    Files.createDirectories(logs);
    Files.createDirectories(messages);
    Files.writeString(config, FreePorts.clusterFile(clientLines.size(), extraConfig
        + "storage { data-dir = \"" + dir.resolve("data") + "\" }\n"
        + "process-timing { tick = 20ms, heartbeat-ticks = 3, election-timeout-min-ticks = 60,"
        + " election-timeout-max-ticks = 120, retransmit-ticks = 3, catch-up-ticks = 2, client-retry-ticks = 30 }\n"));
    for (int client = 0; client < clientLines.size(); client++) {
      Files.write(messages.resolve("client-" + client + ".txt"), clientLines.get(client), StandardCharsets.UTF_8);
    }
  }

  static List<String> lines(int client, int count) {
    List<String> lines = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      lines.add("client " + client + " line " + n);
    }
    return lines;
  }

  /**
   * Splits every client's lines into runs, for a test that sends them in several
   * {@code bin/cluster clients}: run {@code i} is {@code dir/phase-<i>/client-<c>.txt}, holding
   * lines {@code ends[i-1]} (0 for the first) up to {@code ends[i]}. A client started again
   * numbers its new lines after its earlier ones, so the logs end with every line once.
   */
  List<Path> phaseMessages(int... ends) throws IOException {
    List<Path> phases = new ArrayList<>();
    for (int phase = 0; phase < ends.length; phase++) {
      Path dirOfPhase = Files.createDirectories(dir.resolve("phase-" + phase));
      for (int client = 0; client < clientLines.size(); client++) {
        Files.write(dirOfPhase.resolve("client-" + client + ".txt"),
            clientLines.get(client).subList(phase == 0 ? 0 : ends[phase - 1], ends[phase]), StandardCharsets.UTF_8);
      }
      phases.add(dirOfPhase);
    }
    return phases;
  }

  /** Remembers a process the test started itself, for close() to kill. */
  Process track(Process process) {
    started.add(process);
    return process;
  }

  /** Starts {@code bin/<command> args} with its output in {@code out}; close() kills it if still running. */
  Process start(Path out, String command, String... args) throws IOException {
    return startWithJavaOpts(out, "", command, args);
  }

  /** Like {@link #start}, with JVM flags added to the lean ones. */
  Process startWithJavaOpts(Path out, String extraJavaOpts, String command, String... args) throws IOException {
    List<String> line = new ArrayList<>();
    line.add(BIN.resolve(command).toString());
    line.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().put("JAVA_OPTS", (JAVA_OPTS + " " + extraJavaOpts).strip());
    Process process = builder.start();
    started.add(process);
    log("started bin/" + command + " " + String.join(" ", args));
    return process;
  }

  /** Runs {@code bin/<command> args} to its end, at most {@code timeout}. */
  Run run(Duration timeout, String command, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, command, ".out");
    return finish(start(out, command, args), out, timeout, "bin/" + command + " " + String.join(" ", args));
  }

  /**
   * Waits for a process that {@link #start} started ({@code what}, writing to {@code out}) to end,
   * at most {@code timeout} from now, and returns its exit code and output; kills it and fails if
   * it does not end in time.
   */
  Run finish(Process process, Path out, Duration timeout, String what) throws IOException, InterruptedException {
    long from = System.nanoTime();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      withDescendants(process.toHandle()).forEach(ProcessHandle::destroyForcibly);
      fail(what + " did not finish in " + timeout + ":\n" + Files.readString(out));
    }
    log(what.split(" ")[0] + " exited " + process.exitValue() + ", waited for " + secondsSince(from));
    return new Run(process.exitValue(), Files.readString(out));
  }

  Run cluster(String subcommand, String... more) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(subcommand, "--config", config.toString(), "--logs", logs.toString()));
    args.addAll(List.of(more));
    return run(Duration.ofSeconds(150), "cluster", args.toArray(String[]::new));
  }

  OptionalLong pidOf(int replica) {
    return NodeProcesses.readPid(NodeFiles.pid(logs, NodeId.replica(replica)));
  }

  /** The replica a live state file calls primary, waiting for one at most {@code timeout}. */
  int awaitPrimary(Duration timeout) throws InterruptedException {
    long from = System.nanoTime();
    long deadline = from + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (int id = 0; id < 3; id++) {
        var state = ReplicaReport.read(NodeFiles.state(logs, NodeId.replica(id)));
        OptionalLong pid = pidOf(id);
        if (state.isPresent() && state.get().leading() && pid.isPresent()
            && NodeProcesses.ours(pid.getAsLong()).isPresent()
            && System.currentTimeMillis() - state.get().updatedAtMillis() < 1000) {
          log("replica-" + id + " is primary, after " + secondsSince(from));
          return id;
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("no primary within " + timeout);
  }

  List<String> logOf(int replica) throws IOException {
    Path file = ChatLogFiles.logFile(logs, replica);
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
  }

  /** Waits until replica {@code replica}'s log has at least {@code lines} lines. */
  void awaitLogLines(int replica, int lines, Duration timeout) throws IOException, InterruptedException {
    long from = System.nanoTime();
    long deadline = from + timeout.toNanos();
    while (logOf(replica).size() < lines) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("replica-" + replica + " logged " + logOf(replica).size() + " lines, not "
            + lines + ", within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    log("replica-" + replica + " logged " + lines + " lines, after " + secondsSince(from));
  }

  /**
   * Waits until the logs of {@code live} replicas are identical and hold every line of every
   * client exactly once, in the client's order; fails with what differs after {@code timeout}.
   */
  void awaitCompleteIdenticalLogs(Set<Integer> live, Duration timeout) throws IOException, InterruptedException {
    long from = System.nanoTime();
    long deadline = from + timeout.toNanos();
    String problem;
    do {
      problem = problemWithLogs(live);
      if (problem == null) {
        log("logs of " + live + " complete and identical, after " + secondsSince(from));
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    } while (System.nanoTime() < deadline);
    fail(problem);
  }

  private String problemWithLogs(Set<Integer> live) throws IOException {
    List<String> reference = null;
    int referenceId = -1;
    for (int replica : live) {
      List<String> log = logOf(replica);
      if (reference == null) {
        reference = log;
        referenceId = replica;
      } else if (!reference.equals(log)) {
        return "replica-" + replica + " (" + log.size() + " lines) differs from replica-" + referenceId
            + " (" + reference.size() + " lines)";
      }
    }
    Map<Integer, List<String>> executed = new TreeMap<>();
    for (String line : reference) {
      LogEntry entry = ChatLogFormat.parse(line);
      for (Command.ChatLine chat : Command.linesOf(entry.command())) {
        executed.computeIfAbsent(chat.clientId(), c -> new ArrayList<>()).add(chat.text());
      }
    }
    Map<Integer, List<String>> expected = new HashMap<>();
    for (int client = 0; client < clientLines.size(); client++) {
      if (!clientLines.get(client).isEmpty()) {
        expected.put(client, clientLines.get(client));
      }
    }
    if (!executed.equals(expected)) {
      return "the logs (" + reference.size() + " lines) do not hold each client's lines exactly once, in order: "
          + summary(executed) + " instead of " + summary(expected);
    }
    return null;
  }

  private static String summary(Map<Integer, List<String>> byClient) {
    StringBuilder text = new StringBuilder("{");
    byClient.forEach((client, lines) -> text.append(" client-").append(client).append(": ").append(lines.size())
        .append(" lines"));
    return text.append(" }").toString();
  }

  /**
   * One line on the test's output with the time since this harness was made: where an IT's
   * seconds go (start-up, elections, fault phases, shutdown) can be read after any run.
   */
  void log(String event) {
    System.out.printf(java.util.Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - createdAt) / 1e9, event);
  }

  private static String secondsSince(long nanoTime) {
    return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - nanoTime) / 1e9);
  }

  static void assertExit(int expected, Run run, String what) {
    assertEquals(expected, run.exitCode(), what + " exit code; output:\n" + run.out());
  }

  /**
   * Waits until {@code process} has ended, failing after {@code bound}. A zombie that its parent
   * (for a node that bin/cluster started: init) has not reaped yet has ended: it holds no port,
   * lock or file any more.
   */
  static void awaitEnded(ProcessHandle process, Duration bound, String what) throws InterruptedException {
    assertTrue(NodeProcesses.awaitEnd(process, bound), what + " (pid " + process.pid() + ") still runs after " + bound);
  }

  static void assertContains(String text, String fragment) {
    assertTrue(text.contains(fragment), "expected '" + fragment + "' in:\n" + text);
  }

  /** Kills everything this harness started, and every replica its pid files name. */
  @Override
  public void close() throws InterruptedException {
    log("closing: killing what is still running");
    List<ProcessHandle> victims = new ArrayList<>();
    for (Process process : started) {
      // A command such as bin/nemesis starts JVMs of its own; they outlive a killed parent.
      victims.addAll(withDescendants(process.toHandle()));
    }
    for (int id = 0; id < 3; id++) {
      OptionalLong pid = pidOf(id);
      if (pid.isPresent()) {
        NodeProcesses.ours(pid.getAsLong()).ifPresent(victims::add);
      }
    }
    for (ProcessHandle victim : victims) {
      if (victim.isAlive()) {
        victim.destroyForcibly();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle victim : victims) {
      // false is left to the test that left it running to report: there is nothing more to kill with
      NodeProcesses.awaitEnd(victim, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
    log("closed");
    keepFiles();
  }

  /** The process and every process it started that is still running, children first. */
  private static List<ProcessHandle> withDescendants(ProcessHandle process) {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process);
    return all;
  }

  /**
   * Copies this run's files (node logs, consoles, configs) out of the temporary directory, which
   * JUnit deletes, into target/it-logs: a failure on a busy machine can be read afterwards.
   */
  private void keepFiles() {
    Path kept = Path.of("target", "it-logs", dir.getFileName().toString()).toAbsolutePath();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path to = kept.resolve(dir.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      System.out.println("this run's files are kept in " + kept);
    } catch (IOException | UncheckedIOException e) {
      System.out.println("could not keep this run's files: " + e);
    }
  }
}
