package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.cluster.NodeFiles;
import io.paxoschat.cluster.NodeProcesses;
import io.paxoschat.remote.FreePorts;
import io.paxoschat.remote.NodeId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * About a minute of bin/nemesis on three replica processes and two clients on free ports: kills
 * (the leader among them at times), pauses, loss, partitions and a whole-cluster restart, then
 * the checks. The command bounds every wait and kills what it started; so does this test, by the
 * pid files the replicas leave, whatever happens.
 */
class NemesisIT {

  @TempDir Path dir;

  @Test
  void aClusterUnderFaultsComesBackAndLosesNoAcknowledgedLine() throws Exception {
    Path config = dir.resolve("cluster.conf");
    Path logs = dir.resolve("logs");
    Files.writeString(config, FreePorts.clusterFile(2,
        "process-timing { election-timeout-min-ticks = 200, election-timeout-max-ticks = 400,"
            + " client-retry-ticks = 100 }\n"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit;
    try {
      exit = NemesisCommand.execute(new String[] {
          "--config", config.toString(), "--logs", logs.toString(), "--duration", "45", "--every", "5",
          "--seed", "14", "--resume-within", "20", "--lines", "200000"},
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    } finally {
      for (int id = 0; id < 3; id++) {
        OptionalLong pid = NodeProcesses.readPid(NodeFiles.pid(logs, NodeId.replica(id)));
        if (pid.isPresent()) {
          NodeProcesses.ours(pid.getAsLong()).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
    String report = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, report);
    assertTrue(report.contains("PASS"), report);
    assertTrue(report.lines().anyMatch(line -> line.contains("lines acknowledged") && !line.endsWith(" 0")), report);
  }
}
