package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the one-JVM-per-node commands: one line on stderr, exit 2, nothing started. */
class NodeCommandsTest {

  private static final String F1 = "conf/cluster-f1.conf";

  @TempDir Path temp;

  private record Run(int exitCode, String out, String err) {}

  private interface Command {
    int execute(String[] args, PrintStream out, PrintStream err);
  }

  private static Run run(Command command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = command.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run replica(String... args) {
    return run(ReplicaCommand::execute, args);
  }

  private static Run client(String... args) {
    return run((a, out, err) -> ClientCommand.execute(a, new ByteArrayInputStream(new byte[0]), out, err), args);
  }

  private static Run cluster(String... args) {
    return run(ClusterCommand::execute, args);
  }

  private static void assertRefused(Run run, String fragment) {
    assertEquals(2, run.exitCode(), "exit code; stderr: " + run.err() + " stdout: " + run.out());
    String err = run.err().strip();
    assertEquals(1, err.lines().count(), "one line on stderr: " + err);
    assertTrue(err.contains(fragment), "names the problem (" + fragment + "): " + err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
  }

  @Test
  void replicaRefusesBadInput() throws Exception {
    assertRefused(replica("--config", F1, "--id", "3"), "--id 3");
    assertRefused(replica("--config", F1, "--id", "-1"), "--id -1");
    assertRefused(replica("--config", F1, "--id", "0", "--fail", "2"), "--fail must be in 0..1");
    assertRefused(replica("--config", F1, "--id", "0", "--loss", "1"), "--loss must be in [0, 1)");
    assertRefused(replica("--config", F1, "--id", "0", "--loss", "-0.1"), "--loss must be in [0, 1)");
    assertRefused(replica("--config", F1, "--id", "0", "--skip", "-3"), "--skip");
    assertRefused(replica("--config", F1, "--id", "0", "--metrics-port", "70000"), "--metrics-port must be in 0..65535");
    assertRefused(replica("--config", F1), "--id");
    assertRefused(replica("--config", F1, "--id", "zero"), "zero");
    Path broken = temp.resolve("broken.conf");
    Files.writeString(broken, "f = 1\nreplicas = [ { id = 0 \n");
    assertRefused(replica("--config", broken.toString(), "--id", "0"), "broken.conf");
    assertRefused(replica("--config", temp.resolve("none.conf").toString(), "--id", "0"), "no such file");
  }

  @Test
  void aTlsNodeWithoutItsKeyStoreIsRefusedBeforeItStarts() throws Exception {
    Path config = temp.resolve("tls.conf");
    Files.writeString(config, "include file(\"" + Path.of(F1).toAbsolutePath() + "\")\n"
        + "tls { enabled = on, dir = \"no-certs-here\" }\n");
    assertRefused(replica("--config", config.toString(), "--id", "1", "--logs", temp.toString()),
        "replica-1.p12 does not exist (bin/gen-certs makes it)");
  }

  @Test
  void clientRefusesBadInput() throws Exception {
    assertRefused(client("--config", F1, "--id", "7"), "--id 7");
    assertRefused(client("--config", F1, "--id", "0", "--loss", "2"), "--loss must be in [0, 1)");
    assertRefused(client("--config", F1, "--id", "0", "--messages", temp.resolve("nope.txt").toString()),
        "no such message file");
    Path tooLong = temp.resolve("long.txt");
    Files.writeString(tooLong, "short\n" + "y".repeat(5000) + "\n");
    assertRefused(client("--config", F1, "--id", "0", "--messages", tooLong.toString()),
        "long.txt:2: line is 5000 bytes, more than max-line-bytes = 4096");
    assertRefused(client("--config", F1, "--id", "0", "--report", temp.resolve("r").toString()), "--report needs");
    assertRefused(client("--config", F1, "--id", "0", "--generate", "10", "--rate", "0"), "--rate must be at least 1");
    assertRefused(client("--config", F1, "--id", "0", "--rate", "100"), "--rate needs");
    assertRefused(client("--config", F1, "--id", "0", "--generate", "10", "--untimed", "-1"),
        "--untimed must be at least 0");
    assertRefused(client("--config", F1, "--id", "0", "--generate", "10", "--rate", "5", "--untimed", "2"),
        "--untimed needs --rate and --report");
    assertRefused(client("--config", F1, "--id", "0", "--generate", "10", "--rate", "5", "--untimed", "10",
        "--report", temp.resolve("r").toString()), "--untimed 10 leaves none of the 10 lines timed");
    assertRefused(client("--config", F1, "--id", "0", "--start-file", temp.resolve("go").toString()),
        "--ready-file and --start-file need");
  }

  @Test
  void clientSaysWhenAMessageFileIsADirectoryOrNotUtf8() throws Exception {
    Path directory = Files.createDirectory(temp.resolve("messages.txt"));
    assertRefused(client("--config", F1, "--id", "0", "--messages", directory.toString()),
        directory + ": is a directory, not a message file");
    Path latin1 = temp.resolve("latin1.txt");
    Files.write(latin1, "fine\nalso fine\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertRefused(client("--config", F1, "--id", "0", "--messages", latin1.toString()), "latin1.txt:3: not valid UTF-8");
  }

  @Test
  void aClientThatReachesNoClusterExitsOneAfterItsTimeoutEvenWithNothingToSend() throws Exception {
    // Free ports nobody listens on: no replica can answer.
    Path config = temp.resolve("nobody.conf");
    Files.writeString(config, io.paxoschat.remote.FreePorts.clusterFile(1, ""));
    Path empty = Files.write(temp.resolve("empty.txt"), new byte[0]);
    Run file = client("--config", config.toString(), "--id", "0", "--messages", empty.toString(),
        "--timeout", "1", "--logs", temp.resolve("logs").toString());
    assertEquals(1, file.exitCode(), file.out() + file.err());
    assertTrue(file.out().contains("timed out after") && file.out().contains("(no replica answered)"), file.out());
    Run interactive = client("--config", config.toString(), "--id", "0", "--timeout", "1",
        "--logs", temp.resolve("logs").toString());
    assertEquals(1, interactive.exitCode(), interactive.out() + interactive.err());
    assertTrue(interactive.err().contains("left without reaching the cluster"), interactive.err());
    assertFalse(file.err().contains("Exception") || interactive.err().contains("Exception"), file.err() + interactive.err());
  }

  @Test
  void clusterRefusesBadInput() throws Exception {
    assertRefused(cluster("start", "--config", F1, "--fail", "2", "--logs", temp.toString()), "--fail must be in 0..1");
    assertRefused(cluster("start", "--config", F1, "--loss", "1.5", "--logs", temp.toString()), "--loss");
    assertRefused(cluster("clients", "--config", F1, "--messages", temp.resolve("none").toString(),
        "--logs", temp.toString()), "no such message directory");
    assertRefused(cluster("status", "--config", temp.resolve("none.conf").toString()), "no such file");
    assertRefused(cluster("restart", "--config", F1), "restart");
    assertRefused(cluster(), "subcommand");
  }

  @Test
  void statusOfAClusterThatNeverRanSaysEveryReplicaIsDown() {
    Run status = cluster("status", "--config", F1, "--logs", temp.toString());
    assertEquals(1, status.exitCode(), status.out() + status.err());
    assertEquals(3, status.out().lines().filter(l -> l.contains(" down")).count(), status.out());
    assertTrue(status.out().contains("no primary"), status.out());
  }

  @Test
  void genCertsRefusesBadInput() {
    assertRefused(run(GenCertsCommand::execute, "--config", F1, "replica-9", "--out", temp.toString()),
        "replica-9 is not a node of");
    assertRefused(run(GenCertsCommand::execute, "--config", F1, "leader-0", "--out", temp.toString()),
        "not a node name");
    assertRefused(run(GenCertsCommand::execute, "--config", F1, "--password", "abc", "--out", temp.toString()),
        "at least 6 characters");
  }

  @Test
  void subjectAltNamesCoverLoopbackAndTheConfiguredHost() {
    assertEquals("ip:127.0.0.1,dns:localhost", GenCertsCommand.subjectAltNames("127.0.0.1"));
    assertEquals("ip:127.0.0.1,dns:localhost,ip:10.0.0.7", GenCertsCommand.subjectAltNames("10.0.0.7"));
    assertEquals("ip:127.0.0.1,dns:localhost,dns:node-3.example", GenCertsCommand.subjectAltNames("node-3.example"));
  }
}
