package io.paxoschat.cluster;

import static io.paxoschat.cluster.NodeProcessHarness.assertContains;
import static io.paxoschat.cluster.NodeProcessHarness.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.paxoschat.chatlog.ChatLogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second program pointed at a running cluster's directories: before owner locks,
 * {@code bin/simulate} replaced the chat logs and acceptor logs under the running replicas.
 */
class DirectoryOwnerIT {

  @Test
  void aSecondProgramOnARunningClustersDirectoriesIsRefusedAndTouchesNothing(@TempDir Path dir) throws Exception {
    List<List<String>> lines = new ArrayList<>();
    for (int client = 0; client < 3; client++) {
      lines.add(NodeProcessHarness.lines(client, 20));
    }
    try (NodeProcessHarness cluster = new NodeProcessHarness(dir, "", lines)) {
      assertExit(0, cluster.cluster("start"), "cluster start");
      assertExit(0, cluster.cluster("clients", "--messages", cluster.messages.toString()), "cluster clients");
      cluster.awaitCompleteIdenticalLogs(Set.of(0, 1, 2), Duration.ofSeconds(30));
      Path chatLog = ChatLogFiles.logFile(cluster.logs, 0);
      Path acceptorLog = dir.resolve("data").resolve("replica-0").resolve("acceptor.log");
      Object chatInode = Files.getAttribute(chatLog, "unix:ino");
      Object acceptorInode = Files.getAttribute(acceptorLog, "unix:ino");
      List<String> before = cluster.logOf(0);
      long replica0 = cluster.pidOf(0).orElseThrow();

      NodeProcessHarness.Run simulate = cluster.run(Duration.ofSeconds(60), "simulate",
          "--config", cluster.config.toString(), "--logs", cluster.logs.toString(),
          "--messages", cluster.messages.toString());
      assertExit(2, simulate, "bin/simulate on a running cluster's directories");
      assertContains(simulate.out(), "is in use by pid " + replica0);
      assertContains(simulate.out(), "ReplicaCommand");

      NodeProcessHarness.Run second = cluster.run(Duration.ofSeconds(60), "replica",
          "--config", cluster.config.toString(), "--id", "0", "--logs", cluster.logs.toString(), "--fresh");
      assertExit(2, second, "a second bin/replica --id 0 --fresh");
      assertContains(second.out(), "is in use by pid " + replica0);
      assertFalse(second.out().contains("\tat "), second.out());

      assertEquals(chatInode, Files.getAttribute(chatLog, "unix:ino"), "the chat log is the running replica's file");
      assertEquals(acceptorInode, Files.getAttribute(acceptorLog, "unix:ino"), "so is the acceptor log");
      assertEquals(before, cluster.logOf(0), "and neither program changed it");
      NodeProcessHarness.Run check = cluster.run(Duration.ofSeconds(30), "check-consistency", cluster.logs.toString());
      assertExit(0, check, "check-consistency");
      assertContains(check.out(), "IDENTICAL");
      cluster.cluster("stop");
    }
  }
}
