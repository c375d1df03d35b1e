package io.paxoschat.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Starting node processes (JVMs like this one) and finding them again by pid. */
public final class NodeProcesses {

  /** Every node's main class lives here; a pid whose command line lacks it is not ours. */
  private static final String OUR_PACKAGE = "io.paxoschat.";

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
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(OUR_PACKAGE)).orElse(true));
  }
}
