package io.paxoschat.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Starting node processes (JVMs like this one) and finding them again by pid. */
public final class NodeProcesses {

  /** Every node's main class lives here; a pid whose command line lacks it is not ours. */
  private static final String OUR_PACKAGE = "io.paxoschat.";
  /** How often {@link #awaitEnd} looks: the JDK's own wait for a process that is not our child looks every 300 ms or more. */
  private static final Duration END_POLL = Duration.ofMillis(20);

  private NodeProcesses() {}

  /**
   * The command that runs {@code mainClass} in a new JVM with this JVM's java binary, class path
   * and flags (so {@code JAVA_OPTS} and the logging setup carry over); a debugger agent does not.
   */
  public static List<String> javaCommand(String mainClass, List<String> args) {
    return javaCommand(mainClass, List.of(), args);
  }

  /** As above, with {@code jvmFlags} after this JVM's own (a later {@code -D} wins). */
  public static List<String> javaCommand(String mainClass, List<String> jvmFlags, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!flag.startsWith("-agentlib:") && !flag.startsWith("-javaagent:") && !flag.startsWith("-Xrunjdwp")) {
        command.add(flag);
      }
    }
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * Starts {@code command} in the background: its output goes to {@code out}, its input is empty,
   * and (where {@code setsid} exists) it runs in a session of its own, so that a Ctrl-C meant
   * for the command that started it does not reach it.
   */
  public static Process startDetached(List<String> command, Path out) throws IOException {
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      full.add("/usr/bin/setsid");
    }
    full.addAll(command);
    Files.createDirectories(out.toAbsolutePath().getParent());
    return new ProcessBuilder(full)
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
  }

  public static OptionalLong readPid(Path pidFile) {
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  public static void writePid(Path pidFile, long pid) throws IOException {
    Files.createDirectories(pidFile.toAbsolutePath().getParent());
    Files.writeString(pidFile, pid + "\n", StandardCharsets.UTF_8);
  }

  /** The live process with this pid, if it is one of ours (a reused pid is not). */
  public static Optional<ProcessHandle> ours(long pid) {
    return ProcessHandle.of(pid)
        .filter(p -> !ended(p))
        .filter(p -> p.info().commandLine().map(c -> c.contains(OUR_PACKAGE)).orElse(true));
  }

  /**
   * Whether {@code process} has ended: it is gone, or it is a zombie that its parent has not
   * reaped yet. A zombie holds no port, lock or open file any more, but the JDK counts it alive
   * until it is reaped; a node that {@code bin/cluster start} started outlives that JVM and is
   * reaped by the init process, which in some containers looks only every second or two.
   */
  public static boolean ended(ProcessHandle process) {
    if (!process.isAlive()) {
      return true;
    }
    try {
      // "pid (command) state ...": the command may hold spaces and parentheses, the state follows the last ')'.
      String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"), StandardCharsets.UTF_8);
      int afterCommand = stat.lastIndexOf(')');
      return afterCommand >= 0 && stat.substring(afterCommand + 1).strip().startsWith("Z");
    } catch (IOException e) {
      // No /proc (not Linux), or the process went meanwhile.
      return !process.isAlive();
    }
  }

  /** Waits until {@code process} has {@link #ended}, at most {@code bound}; true if it did. */
  public static boolean awaitEnd(ProcessHandle process, Duration bound) throws InterruptedException {
    return Await.until(() -> ended(process), bound, END_POLL);
  }
}
