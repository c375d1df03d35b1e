package io.paxoschat.cluster;

import static io.paxoschat.cluster.NodeProcessHarness.assertContains;
import static io.paxoschat.cluster.NodeProcessHarness.assertExit;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.paxoschat.remote.NodeId;
import io.paxoschat.storage.DataDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that lost its disk while clients send: started as if nothing happened it is refused
 * (it would vote with its promises forgotten); with --rejoin it catches up without voting, votes
 * again once safe, and the cluster survives another replica's crash afterwards.
 */
class RejoinIT {

  /** Each client's lines, sent in three runs: before the disk loss, during the rejoin, after. */
  private static final int[] PHASE_ENDS = {100, 400, 500};

  @Test
  void anAmnesiacReplicaIsRefusedAndRejoinsSafelyUnderLoad(@TempDir Path dir) throws Exception {
    List<List<String>> lines = new ArrayList<>();
    for (int client = 0; client < 3; client++) {
      lines.add(NodeProcessHarness.lines(client, PHASE_ENDS[2]));
    }
    // A wide window: the rejoin must not depend on it (the whole run fills about ten slots).
    try (NodeProcessHarness cluster = new NodeProcessHarness(dir, "timing { max-in-flight = 32 }\n", lines)) {
      List<Path> phases = cluster.phaseMessages(PHASE_ENDS);
      assertExit(0, cluster.cluster("start"), "cluster start");
      assertExit(0, cluster.cluster("clients", "--messages", phases.get(0).toString()), "clients, first lines");
      cluster.awaitLogLines(2, 300, Duration.ofSeconds(30));

      // Replica 2 loses its disk: its acceptor log is gone, its chat log is left.
      ProcessHandle two = ProcessHandle.of(cluster.pidOf(2).orElseThrow()).orElseThrow();
      two.destroyForcibly();
      NodeProcessHarness.awaitEnded(two, Duration.ofSeconds(10), "replica-2");
      DataDirs.delete(dir.resolve("data"), 2);

      NodeProcessHarness.Run amnesiac = cluster.run(Duration.ofSeconds(60), "replica",
          "--config", cluster.config.toString(), "--id", "2", "--logs", cluster.logs.toString());
      assertExit(2, amnesiac, "replica-2 without its acceptor log");
      assertContains(amnesiac.out(), "--rejoin");
      assertContains(amnesiac.out(), "missing or empty");
      assertFalse(amnesiac.out().contains("\tat "), amnesiac.out());

      cluster.start(dir.resolve("rejoin.out"), "replica", "--config", cluster.config.toString(), "--id", "2",
          "--logs", cluster.logs.toString(), "--rejoin");
      // The rejoin ends with an instance begun after it: the lines must come once replica-2 heard
      // the leader (a few slots hold them all; sent before, they would leave nothing to wait for).
      Path debugLog = NodeFiles.debugLog(cluster.logs, NodeId.replica(2));
      awaitText(debugLog, "rejoining: its acceptor votes again once slot", Duration.ofSeconds(60));
      NodeProcessHarness.Run during = cluster.cluster("clients", "--messages", phases.get(1).toString(),
          "--timeout", "120");
      assertExit(0, during, "clients while replica-2 rejoins");
      awaitText(debugLog, "rejoined: its acceptor votes again", Duration.ofSeconds(60));
      assertContains(Files.readString(dir.resolve("rejoin.out")), "rejoins: its acceptor does not vote");

      // Replica 2 votes: the cluster must live through losing another replica, its leader if it can.
      int primary = cluster.awaitPrimary(Duration.ofSeconds(30));
      int victim = primary != 2 ? primary : 0;
      ProcessHandle other = ProcessHandle.of(cluster.pidOf(victim).orElseThrow()).orElseThrow();
      other.destroyForcibly();
      NodeProcessHarness.awaitEnded(other, Duration.ofSeconds(10), "replica-" + victim);
      NodeProcessHarness.Run after = cluster.cluster("clients", "--messages", phases.get(2).toString(),
          "--timeout", "120");
      assertExit(0, after, "clients with replica " + victim + " down and replica-2 voting");
      Set<Integer> live = victim == 0 ? Set.of(1, 2) : victim == 1 ? Set.of(0, 2) : Set.of(0, 1);
      cluster.awaitCompleteIdenticalLogs(live, Duration.ofSeconds(60));

      cluster.start(dir.resolve("victim.out"), "replica", "--config", cluster.config.toString(),
          "--id", String.valueOf(victim), "--logs", cluster.logs.toString());
      cluster.awaitCompleteIdenticalLogs(Set.of(0, 1, 2), Duration.ofSeconds(60));
      NodeProcessHarness.Run check = cluster.run(Duration.ofSeconds(30), "check-consistency", cluster.logs.toString());
      assertExit(0, check, "check-consistency");
      assertContains(check.out(), "IDENTICAL");
      cluster.cluster("stop");
    }
  }

  private static void awaitText(Path file, String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && Files.readString(file).contains(text)) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("'" + text + "' not in " + file + " within " + timeout);
  }
}
