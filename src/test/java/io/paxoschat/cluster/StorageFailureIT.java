package io.paxoschat.cluster;

import static io.paxoschat.cluster.NodeProcessHarness.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.storage.SimulatedDiskFault;
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
 * A replica whose disk fills up or turns read-only stops with one line naming the file and the
 * error, exit code 4, no stack trace, never the --fail message; the others go on.
 */
class StorageFailureIT {

  private static final Duration START = Duration.ofSeconds(60);

  @Test
  void aReplicaWhoseDiskFillsUpUnderLoadStopsWithExitFourAndTheOthersCommitEveryLine(@TempDir Path dir)
      throws Exception {
    List<List<String>> lines = new ArrayList<>();
    for (int client = 0; client < 3; client++) {
      lines.add(NodeProcessHarness.lines(client, 150));
    }
    try (NodeProcessHarness cluster = new NodeProcessHarness(dir, "", lines)) {
      List<Process> replicas = new ArrayList<>();
      for (int id = 0; id < 3; id++) {
        // Replica 2's disk holds about 6 KB: it fills up while the clients send.
        String fault = id == 2 ? "-D" + SimulatedDiskFault.PROPERTY + "=full@6000" : "";
        replicas.add(cluster.startWithJavaOpts(dir.resolve("replica-" + id + ".console"), fault, "replica",
            "--config", cluster.config.toString(), "--id", String.valueOf(id), "--logs", cluster.logs.toString()));
      }
      cluster.awaitPrimary(START);
      NodeProcessHarness.Run clients = cluster.cluster("clients", "--messages", cluster.messages.toString(),
          "--timeout", "90");
      assertEquals(0, clients.exitCode(), "the two replicas left commit every line:\n" + clients.out());

      Process full = replicas.get(2);
      assertTrue(full.waitFor(30, TimeUnit.SECONDS), "replica-2 stopped");
      String console = Files.readString(dir.resolve("replica-2.console"));
      assertEquals(4, full.exitValue(), "exit code 4 (storage failure); console:\n" + console);
      assertOneStorageLine(console, "No space left on device");
      cluster.awaitCompleteIdenticalLogs(Set.of(0, 1), Duration.ofSeconds(30));
    }
  }

  @Test
  void aReplicaWhoseDataDirectoryIsReadOnlyRefusesToStartWithExitFour(@TempDir Path dir) throws Exception {
    try (NodeProcessHarness cluster = new NodeProcessHarness(dir, "", List.of(List.of("x")))) {
      Process replica = cluster.startWithJavaOpts(dir.resolve("replica-0.console"),
          "-D" + SimulatedDiskFault.PROPERTY + "=read-only@0", "replica",
          "--config", cluster.config.toString(), "--id", "0", "--logs", cluster.logs.toString());
      assertTrue(replica.waitFor(60, TimeUnit.SECONDS), "replica-0 stopped");
      String console = Files.readString(dir.resolve("replica-0.console"));
      assertEquals(4, replica.exitValue(), "exit code 4; console:\n" + console);
      assertOneStorageLine(console, "Read-only file system");
      assertContains(console, "acceptor.log");
    }
  }

  private static void assertOneStorageLine(String console, String error) {
    List<String> failures = console.lines().filter(l -> l.contains("storage failure")).toList();
    assertEquals(1, failures.size(), "one line says it: " + console);
    assertContains(failures.get(0), error);
    assertTrue(failures.get(0).matches(".*(/replica-2\\.log|/replica-0\\.log|acceptor\\.log).*"),
        "names the file: " + failures.get(0));
    assertFalse(console.contains("\tat ") || console.contains("Exception"), "no stack trace:\n" + console);
    assertFalse(console.contains("--fail"), "not the --fail message:\n" + console);
    assertFalse(console.contains("ERROR"), "no other error lines:\n" + console);
  }
}
