package io.paxoschat.cluster;

import static io.paxoschat.cluster.NodeProcessHarness.assertContains;
import static io.paxoschat.cluster.NodeProcessHarness.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.paxoschat.remote.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One cluster of three replica JVMs on loopback (bin/cluster start), used in turn by three
 * client JVMs (bin/cluster clients), an interactive client driven through its stdin and stdout,
 * and a stranger whose address is not in the cluster file; then bin/cluster stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessClusterIT {

  private static final Duration LOGS_SETTLE = Duration.ofSeconds(30);
  private static final Pattern CHAT_LINE = Pattern.compile("\\[(\\d+)] client-(\\d+): (.*)");

  @TempDir static Path dir;
  private NodeProcessHarness cluster;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = new NodeProcessHarness(dir, "", new ArrayList<>(List.of(
        new ArrayList<>(NodeProcessHarness.lines(0, 6)),
        new ArrayList<>(NodeProcessHarness.lines(1, 6)),
        new ArrayList<>(NodeProcessHarness.lines(2, 6)))));
    NodeProcessHarness.Run start = cluster.cluster("start");
    assertExit(0, start, "cluster start");
    assertContains(start.out(), "cluster ready in");
  }

  @AfterAll
  void stopCluster() throws Exception {
    try {
      cluster.cluster("stop");
    } finally {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void statusShowsEveryReplicaUpAndThePrimary() throws Exception {
    NodeProcessHarness.Run status = cluster.cluster("status");

    assertExit(0, status, "cluster status");
    assertEquals(3, status.out().lines().filter(l -> l.contains(" up ")).count(), status.out());
    assertContains(status.out(), "primary: replica-");
  }

  @Test
  @Order(2)
  void threeClientJvmsCommitEveryLineOnceAndTheLogsAreIdentical() throws Exception {
    NodeProcessHarness.Run clients = cluster.cluster("clients", "--messages", cluster.messages.toString());

    assertExit(0, clients, "cluster clients");
    for (int client = 0; client < 3; client++) {
      assertContains(clients.out(), "client-" + client + ": 6 / 6 lines acknowledged");
    }
    cluster.awaitCompleteIdenticalLogs(Set.of(0, 1, 2), LOGS_SETTLE);
    assertFalse(clients.out().contains("could not close"), clients.out());
    String log = Files.readString(cluster.logs.resolve("replica-0.log"), StandardCharsets.UTF_8);
    for (int client = 0; client < 3; client++) {
      assertEquals(1, closings(log, client), "client-" + client + " closed its session once it was done: " + log);
    }
  }

  /** How many CLOSE lines of {@code client} the log holds. */
  private static long closings(String log, int client) {
    return log.lines().filter(line -> line.matches("\\d+\tCLOSE\t" + client + "\t\\d+\t.*")).count();
  }

  @Test
  @Order(3)
  void theInteractiveClientShowsTheChatAndSendsWhatIsTyped() throws Exception {
    Path errFile = dir.resolve("interactive.err");
    ProcessBuilder builder = new ProcessBuilder(NodeProcessHarness.BIN.resolve("client").toString(),
        "--config", cluster.config.toString(), "--id", "0", "--logs", cluster.logs.toString(), "--timeout", "30")
        .redirectError(errFile.toFile());
    builder.environment().put("JAVA_OPTS", NodeProcessHarness.JAVA_OPTS);
    Process client = cluster.track(builder.start());
    BlockingQueue<String> shown = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          shown.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "interactive-client-stdout");
    reader.setDaemon(true);
    reader.start();

    // The chat so far: the 18 lines of the clients before, from slot 0, in slot order.
    List<String> history = awaitChatLines(shown, 18, Duration.ofSeconds(60));
    long lastSlot = -1;
    for (String line : history) {
      Matcher match = CHAT_LINE.matcher(line);
      assertTrue(match.matches(), "chat line format: " + line);
      assertTrue(Long.parseLong(match.group(1)) >= lastSlot, "slot order (the lines of a batch share a slot): " + history);
      lastSlot = Long.parseLong(match.group(1));
    }
    for (int c = 0; c < 3; c++) {
      for (String text : NodeProcessHarness.lines(c, 6)) {
        String expected = "] client-" + c + ": " + text;
        assertEquals(1, history.stream().filter(l -> l.endsWith(expected)).count(), expected + " once in " + history);
      }
    }

    Writer stdin = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8);
    stdin.write("hello from stdin\n");
    stdin.write("x".repeat(5000) + "\n"); // over max-line-bytes: refused at the client
    stdin.write("   \n"); // blank: ignored
    stdin.write("héllo again 🙂\n");
    stdin.write("name\tvalue\t\n"); // tabs are text, kept as typed
    stdin.flush();
    client.getOutputStream().write(new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'}); // Latin-1: refused, never U+FFFD
    client.getOutputStream().flush();
    List<String> mine = awaitChatLines(shown, 3, Duration.ofSeconds(30));
    assertTrue(mine.get(0).matches("\\[\\d+] client-0: hello from stdin"), mine.toString());
    assertTrue(mine.get(1).matches("\\[\\d+] client-0: héllo again 🙂"), mine.toString());
    assertTrue(mine.get(2).endsWith("] client-0: name\tvalue\t"), mine.toString());

    stdin.write("/quit\n");
    stdin.flush();
    assertTrue(client.waitFor(30, TimeUnit.SECONDS), "/quit leaves");
    assertEquals(0, client.exitValue(), Files.readString(errFile));
    String err = Files.readString(errFile);
    assertContains(err, "not sent: line is 5000 bytes, more than max-line-bytes = 4096");
    assertContains(err, "not sent: line 6 is not valid UTF-8");
    assertContains(err, "client-0: left the chat\n");
    assertFalse(err.contains("Exception"), err);

    // The client continued its own numbering after its earlier run: its lines are in every log.
    cluster.clientLines.get(0).addAll(List.of("hello from stdin", "héllo again 🙂", "name\tvalue\t"));
    cluster.awaitCompleteIdenticalLogs(Set.of(0, 1, 2), LOGS_SETTLE);
    assertEquals(2, closings(Files.readString(cluster.logs.resolve("replica-0.log"), StandardCharsets.UTF_8), 0),
        "the interactive run closed its session as it left");
  }

  @Test
  @Order(4)
  void aClientWithAnEmptyMessageFileExitsZeroOnceItReachedTheCluster() throws Exception {
    Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);

    NodeProcessHarness.Run run = cluster.run(Duration.ofSeconds(60), "client", "--config", cluster.config.toString(),
        "--id", "2", "--messages", empty.toString(), "--timeout", "30", "--logs", cluster.logs.toString());

    assertExit(0, run, "client with an empty file");
    assertContains(run.out(), "client-2: 0 / 0 lines acknowledged");
  }

  @Test
  @Order(4)
  void aClientMakesItsReadyFileOnceEveryReplicaAnsweredAndSendsOnlyOnceTheStartFileAppears() throws Exception {
    Path empty = Files.write(dir.resolve("empty-too.txt"), new byte[0]);
    Path ready = dir.resolve("client-1.ready");
    Path go = dir.resolve("client-1.go");
    Path out = dir.resolve("ready-start.out");

    Process client = cluster.start(out, "client", "--config", cluster.config.toString(), "--id", "1",
        "--messages", empty.toString(), "--ready-file", ready.toString(), "--start-file", go.toString(),
        "--timeout", "60", "--logs", cluster.logs.toString());

    assertTrue(Await.fileExists(ready, Duration.ofSeconds(60), Duration.ofMillis(50)),
        "the ready file, every replica having answered: " + Files.readString(out));
    assertTrue(client.isAlive(), "waits for the start file: " + Files.readString(out));
    Files.writeString(go, "go\n");
    assertTrue(client.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "finishes once the start file is there");
    assertEquals(0, client.exitValue(), Files.readString(out));
    assertContains(Files.readString(out), "client-1: 0 / 0 lines acknowledged");
  }

  @Test
  @Order(5)
  void aNodeNotInTheClusterFileIsDroppedAndLogged() throws Exception {
    // The same cluster, but client 1 listens on a port the replicas do not know.
    Path strangerConfig = dir.resolve("stranger.conf");
    Files.writeString(strangerConfig, moveClient(Files.readString(cluster.config), 1));
    Path message = dir.resolve("stranger.txt");
    Files.writeString(message, "let me in\n");

    NodeProcessHarness.Run run = cluster.run(Duration.ofSeconds(60), "client", "--config", strangerConfig.toString(),
        "--id", "1", "--messages", message.toString(), "--timeout", "4", "--logs", dir.resolve("stranger-logs").toString());

    assertExit(1, run, "stranger client");
    assertContains(run.out(), "timed out");
    boolean logged = false;
    for (int replica = 0; replica < 3; replica++) {
      String out = Files.readString(NodeFiles.out(cluster.logs, io.paxoschat.remote.NodeId.replica(replica)));
      logged |= out.contains("which is not a node of the cluster");
    }
    assertTrue(logged, "a replica logged the stranger");
    cluster.awaitCompleteIdenticalLogs(Set.of(0, 1, 2), LOGS_SETTLE); // and nothing of it in the logs
  }

  @Test
  @Order(6)
  void stopEndsEveryReplica() throws Exception {
    List<Long> pids = new ArrayList<>();
    for (int replica = 0; replica < 3; replica++) {
      OptionalLong pid = cluster.pidOf(replica);
      assertTrue(pid.isPresent(), "pid file of replica-" + replica);
      pids.add(pid.getAsLong());
    }

    assertExit(0, cluster.cluster("stop"), "cluster stop");

    for (long pid : pids) {
      assertTrue(ProcessHandle.of(pid).map(NodeProcesses::ended).orElse(true), "pid " + pid + " still runs");
    }
    assertExit(1, cluster.cluster("status"), "status of a stopped cluster");
    cluster.awaitCompleteIdenticalLogs(Set.of(0, 1, 2), Duration.ofSeconds(1)); // flushed on the way out
  }

  /** The cluster file with client {@code client} moved to a free port. */
  private static String moveClient(String config, int client) {
    int clients = config.indexOf("clients = [");
    Pattern entry = Pattern.compile("(\\{ id = " + client + ", host = \"127.0.0.1\", port = )(\\d+)");
    Matcher match = entry.matcher(config);
    if (!match.find(clients)) {
      fail("no client " + client + " in " + config);
    }
    return config.substring(0, match.start(2)) + FreePorts.take(1).get(0) + config.substring(match.end(2));
  }

  private static List<String> awaitChatLines(BlockingQueue<String> shown, int count, Duration timeout)
      throws InterruptedException {
    List<String> lines = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lines.size() < count) {
      String line = shown.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        fail("saw " + lines.size() + " of " + count + " chat lines within " + timeout + ": " + lines);
      }
      lines.add(line);
    }
    return lines;
  }
}
