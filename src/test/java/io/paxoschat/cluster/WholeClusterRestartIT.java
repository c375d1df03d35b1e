package io.paxoschat.cluster;

import static io.paxoschat.cluster.NodeProcessHarness.assertContains;
import static io.paxoschat.cluster.NodeProcessHarness.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every replica JVM is SIGKILLed at once while clients send, then the cluster starts again from disk. */
class WholeClusterRestartIT {

  private static final int LINES = 300;

  @Test
  void everyAcknowledgedLineSurvivesKillingEveryReplicaAtOnce(@TempDir Path dir) throws Exception {
    List<List<String>> lines = new ArrayList<>();
    for (int client = 0; client < 3; client++) {
      lines.add(NodeProcessHarness.lines(client, LINES));
    }
    // A client keeps at most 8 lines outstanding, so the lines reach the log a few at a time and the
    // kill comes while the clients still send: with the default window (512) each client's 300 lines
    // went out at once and could all be logged between two looks at the log (903 lines at the kill).
    try (NodeProcessHarness cluster = new NodeProcessHarness(dir, "timing { client-window = 8 }\n", lines)) {
      assertExit(0, cluster.cluster("start"), "cluster start");
      int primary = cluster.awaitPrimary(Duration.ofSeconds(30));

      List<Process> clients = new ArrayList<>();
      for (int client = 0; client < 3; client++) {
        clients.add(cluster.start(dir.resolve("client-" + client + ".out"), "client",
            "--config", cluster.config.toString(), "--id", String.valueOf(client),
            "--messages", cluster.messages.resolve("client-" + client + ".txt").toString(),
            "--timeout", "150", "--logs", cluster.logs.toString()));
      }
      cluster.awaitLogLines(primary, 100, Duration.ofSeconds(60));

      List<ProcessHandle> replicas = new ArrayList<>();
      for (int replica = 0; replica < 3; replica++) {
        replicas.add(ProcessHandle.of(cluster.pidOf(replica).orElseThrow()).orElseThrow());
      }
      replicas.forEach(ProcessHandle::destroyForcibly); // the whole cluster, as at once as we can
      for (ProcessHandle replica : replicas) {
        NodeProcessHarness.awaitEnded(replica, Duration.ofSeconds(10), "a killed replica");
      }
      int loggedBeforeKill = cluster.logOf(primary).size();
      assertTrue(loggedBeforeKill < 3 * LINES, "killed while the clients were still sending: " + loggedBeforeKill);

      // The clients keep retrying; the replicas come back from their acceptor and chat logs.
      assertExit(0, cluster.cluster("start", "--keep-data"), "cluster start --keep-data");

      for (int client = 0; client < 3; client++) {
        Process process = clients.get(client);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "client-" + client + " finishes");
        String out = Files.readString(dir.resolve("client-" + client + ".out"));
        assertEquals(0, process.exitValue(), "client-" + client + ":\n" + out);
        assertContains(out, LINES + " / " + LINES + " lines acknowledged");
      }
      // Every line was acknowledged (some before the kill): each is in every log, exactly once.
      cluster.awaitCompleteIdenticalLogs(Set.of(0, 1, 2), Duration.ofSeconds(60));
      assertExit(0, cluster.cluster("stop"), "cluster stop");
    }
  }
}
