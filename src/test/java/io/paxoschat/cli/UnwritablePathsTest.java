package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.remote.FreePorts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path a command cannot write ({@code /dev/null/x}, a directory given as a file, a file given
 * as a directory): one line naming the option, exit 2, checked before anything starts, and
 * nothing written anywhere. Every command runs in this JVM, as its bin/ script would run it.
 */
class UnwritablePathsTest {

  private static final String CANNOT = "/dev/null/x";

  @TempDir Path temp;
  private Path config;
  /** Where a command that got this far would have written (a lock file, a log): never created. */
  private Path logs;
  private Path data;

  @BeforeEach
  void freeCluster() throws IOException {
    // Free ports: a check that failed to stop a command must not reach another test's cluster.
    config = temp.resolve("cluster.conf");
    Files.writeString(config, FreePorts.clusterFile(3, ""));
    logs = temp.resolve("logs");
    data = temp.resolve("data");
  }

  private record Run(int exitCode, String out, String err) {}

  private interface Command {
    int execute(String[] args, PrintStream out, PrintStream err);
  }

  private static Run run(Command command, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = command.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private List<String> args(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    return all;
  }

  /** Exit 2, one line naming the option and the path, no stack trace, nothing new in the temporary directory. */
  private void assertRefused(Run run, String option, String path) throws IOException {
    assertEquals(2, run.exitCode(), "exit code; stderr: " + run.err() + " stdout: " + run.out());
    String err = run.err().strip();
    assertEquals(1, err.lines().count(), "one line on stderr: " + err);
    assertTrue(err.contains(option + " " + path + ": cannot write there"), "names the option and path: " + err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    assertEquals("", run.out(), "nothing started");
    try (Stream<Path> files = Files.list(temp)) {
      List<Path> written = files.filter(f -> !f.equals(config) && !f.getFileName().toString().startsWith("given")).toList();
      assertEquals(List.of(), written, "nothing written");
    }
  }

  @Test
  void replica() throws IOException {
    Command replica = ReplicaCommand::execute;
    assertRefused(run(replica, args("--id", "0", "--logs", CANNOT, "--data", data.toString())), "--logs", CANNOT);
    assertRefused(run(replica, args("--id", "0", "--logs", logs.toString(), "--data", CANNOT)), "--data", CANNOT);
    assertRefused(run(replica, args("--id", "0", "--logs", logs.toString(), "--data", data.toString(),
        "--events", CANNOT)), "--events", CANNOT);
  }

  @Test
  void client() throws IOException {
    Command client = (a, out, err) -> ClientCommand.execute(a, new ByteArrayInputStream(new byte[0]), out, err);
    String messages = Path.of("conf/messages/client-0.txt").toAbsolutePath().toString();
    assertRefused(run(client, args("--id", "0", "--logs", CANNOT, "--messages", messages)), "--logs", CANNOT);
    for (String option : List.of("--acks", "--report", "--events")) {
      assertRefused(run(client, args("--id", "0", "--logs", logs.toString(), "--messages", messages,
          option, CANNOT)), option, CANNOT);
    }
    Path directory = Files.createDirectory(temp.resolve("given-directory"));
    Run intoDirectory = run(client, args("--id", "0", "--logs", logs.toString(), "--messages", messages,
        "--acks", directory.toString()));
    assertRefused(intoDirectory, "--acks", directory.toString());
    assertTrue(intoDirectory.err().contains("it is a directory"), intoDirectory.err());
  }

  @Test
  void clusterStartAndClients() throws IOException {
    Command cluster = ClusterCommand::execute;
    List<String> start = new ArrayList<>(List.of("start"));
    start.addAll(args("--logs", CANNOT, "--data", data.toString(), "--timeout", "5"));
    assertRefused(run(cluster, start), "--logs", CANNOT);
    start = new ArrayList<>(List.of("start"));
    start.addAll(args("--logs", logs.toString(), "--data", CANNOT, "--timeout", "5"));
    assertRefused(run(cluster, start), "--data", CANNOT);
    List<String> clients = new ArrayList<>(List.of("clients"));
    clients.addAll(args("--logs", CANNOT, "--timeout", "5"));
    assertRefused(run(cluster, clients), "--logs", CANNOT);
  }

  @Test
  void simulate() throws IOException {
    Command simulate = SimulateCommand::execute;
    List<String> base = List.of("--logs", logs.toString(), "--data", data.toString(), "--timeout", "5");
    for (String option : List.of("--report", "--events")) {
      List<String> one = new ArrayList<>(args(option, CANNOT));
      one.addAll(base);
      assertRefused(run(simulate, one), option, CANNOT);
    }
    assertRefused(run(simulate, args("--logs", logs.toString(), "--data", CANNOT)), "--data", CANNOT);
    assertRefused(run(simulate, args("--chaos", "--seeds", "1", "--report", CANNOT)), "--report", CANNOT);
    Path file = Files.writeString(temp.resolve("given-file"), "a file, not a directory");
    Run logsInAFile = run(simulate, args("--logs", file.resolve("logs").toString(), "--data", data.toString()));
    assertRefused(logsInAFile, "--logs", file.resolve("logs").toString());
    assertTrue(logsInAFile.err().contains(file + " is not a directory"), logsInAFile.err());
  }

  @Test
  void genCerts() throws IOException {
    assertRefused(run(GenCertsCommand::execute, args("--out", CANNOT)), "--out", CANNOT);
    Path file = Files.writeString(temp.resolve("given-file"), "a file, not a directory");
    assertRefused(run(GenCertsCommand::execute, args("--out", file.toString())), "--out", file.toString());
  }
}
