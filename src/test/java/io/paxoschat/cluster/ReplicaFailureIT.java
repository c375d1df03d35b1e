package io.paxoschat.cluster;

import static io.paxoschat.cluster.NodeProcessHarness.assertContains;
import static io.paxoschat.cluster.NodeProcessHarness.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.remote.NodeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replica JVM dies under load: SIGKILL from outside, or its own --fail halt. */
class ReplicaFailureIT {

  private static final Duration CLIENTS_FINISH = Duration.ofSeconds(120);
  private static final Duration LOGS_SETTLE = Duration.ofSeconds(30);

  private static List<List<String>> lines(int perClient) {
    List<List<String>> lines = new ArrayList<>();
    for (int client = 0; client < 3; client++) {
      lines.add(NodeProcessHarness.lines(client, perClient));
    }
    return lines;
  }

  @Test
  void killingThePrimaryJvmWhileClientsSendLosesNoAcknowledgedLine(@TempDir Path dir) throws Exception {
    // At most 8 lines outstanding per client: the lines reach the log a few at a time, so the kill
    // comes while the clients still send (with the default window of 512 all 400 went out at once).
    try (NodeProcessHarness cluster = new NodeProcessHarness(dir, "timing { client-window = 8 }\n", lines(400))) {
      assertExit(0, cluster.cluster("start"), "cluster start");
      int primary = cluster.awaitPrimary(Duration.ofSeconds(30));
      long primaryPid = cluster.pidOf(primary).orElseThrow();

      List<Process> clients = new ArrayList<>();
      for (int client = 0; client < 3; client++) {
        clients.add(cluster.start(dir.resolve("client-" + client + ".out"), "client",
            "--config", cluster.config.toString(), "--id", String.valueOf(client),
            "--messages", cluster.messages.resolve("client-" + client + ".txt").toString(),
            "--timeout", "100", "--logs", cluster.logs.toString()));
      }
      // Clients are sending: the primary has executed some of their lines, far from all 1200.
      cluster.awaitLogLines(primary, 100, Duration.ofSeconds(60));
      ProcessHandle victim = ProcessHandle.of(primaryPid).orElseThrow();
      assertTrue(victim.destroyForcibly(), "SIGKILL sent");
      NodeProcessHarness.awaitEnded(victim, Duration.ofSeconds(10), "the killed primary");
      int loggedByVictim = cluster.logOf(primary).size();
      assertTrue(loggedByVictim < 1200, "killed while the clients were still sending: " + loggedByVictim);

      for (int client = 0; client < 3; client++) {
        Process process = clients.get(client);
        assertTrue(process.waitFor(CLIENTS_FINISH.toSeconds(), TimeUnit.SECONDS), "client-" + client + " finishes");
        String out = Files.readString(dir.resolve("client-" + client + ".out"));
        assertEquals(0, process.exitValue(), "client-" + client + ":\n" + out);
        assertContains(out, "400 / 400 lines acknowledged");
      }
      Set<Integer> live = new HashSet<>(Set.of(0, 1, 2));
      live.remove(primary);
      // Every line was acknowledged, so every line must be in every live log, once.
      cluster.awaitCompleteIdenticalLogs(live, LOGS_SETTLE);
      List<String> survivor = cluster.logOf(live.iterator().next());
      List<String> victimLog = cluster.logOf(primary);
      assertEquals(survivor.subList(0, victimLog.size()), victimLog, "the killed replica's log is a prefix");

      NodeProcessHarness.Run status = cluster.cluster("status");
      assertContains(status.out(), "replica-" + primary);
      assertContains(status.out(), "down (crashed or killed");

      // Started again, the killed replica continues from its acceptor log and chat log and
      // catches up with the others.
      cluster.start(dir.resolve("restarted.out"), "replica", "--config", cluster.config.toString(),
          "--id", String.valueOf(primary), "--logs", cluster.logs.toString());
      cluster.awaitCompleteIdenticalLogs(Set.of(0, 1, 2), LOGS_SETTLE);
      assertContains(Files.readString(dir.resolve("restarted.out")), "continues from its data");
      assertExit(0, cluster.cluster("stop"), "cluster stop");
    }
  }

  @Test
  void failOneHaltsThePrimaryProcessAndTheOthersFinish(@TempDir Path dir) throws Exception {
    try (NodeProcessHarness cluster = new NodeProcessHarness(dir, "", lines(20))) {
      NodeProcessHarness.Run start = cluster.cluster("start", "--fail", "1");
      assertExit(0, start, "cluster start --fail 1");
      assertContains(start.out(), "primary replica-0 (view 0)");
      long firstPrimaryPid = cluster.pidOf(0).orElseThrow();

      NodeProcessHarness.Run clients = cluster.cluster("clients", "--messages", cluster.messages.toString());

      assertExit(0, clients, "cluster clients");
      Optional<ProcessHandle> firstPrimary = ProcessHandle.of(firstPrimaryPid);
      if (firstPrimary.isPresent()) {
        NodeProcessHarness.awaitEnded(firstPrimary.get(), Duration.ofSeconds(10), "replica-0 after its --fail crash");
      }
      assertTrue(ProcessHandle.of(firstPrimaryPid).map(NodeProcesses::ended).orElse(true));
      assertContains(Files.readString(NodeFiles.out(cluster.logs, NodeId.replica(0))), "crashing as primary (--fail)");
      cluster.awaitCompleteIdenticalLogs(Set.of(1, 2), LOGS_SETTLE);
      NodeProcessHarness.Run status = cluster.cluster("status");
      assertExit(0, status, "status with one replica down");
      assertContains(status.out(), "replica-0");
      assertExit(0, cluster.cluster("stop"), "cluster stop");
    }
  }
}
