package io.paxoschat.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.actor.ReplicaState;
import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.chatlog.ChatLogFormat;
import io.paxoschat.chatlog.ConsistencyChecker;
import io.paxoschat.chatlog.ConsistencyReport;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.fault.InjectedFaults;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.ProtocolSettings;
import io.paxoschat.sim.SimulationResult.ReplicaOutcome;
import io.paxoschat.sim.SimulationResult.RestartOutcome;
import io.paxoschat.sim.SimulationSpec.Restart;
import io.paxoschat.storage.Durability;
import io.paxoschat.storage.StorageSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas that crash and restart from their data directory during a run, in one JVM: nothing
 * acknowledged is lost, no line is executed twice, and every log ends identical.
 */
class RecoveryTest {

  @TempDir Path dir;

  private static final ClusterConfig F2 = ClusterConfig.load(Path.of("conf/cluster-f2.conf"));

  private static List<List<String>> generated(int perClient) {
    return IntStream.range(0, F2.clientCount())
        .mapToObj(c -> IntStream.rangeClosed(1, perClient).mapToObj(n -> "client " + c + " line " + n).toList())
        .toList();
  }

  private SimulationResult run(List<List<String>> lines, List<Restart> restarts, Duration downtime, long seed)
      throws InterruptedException {
    return run(lines, restarts, downtime, seed, F2.protocolSettings());
  }

  private SimulationResult run(List<List<String>> lines, List<Restart> restarts, Duration downtime, long seed,
      ProtocolSettings settings) throws InterruptedException {
    StorageSettings storage = new StorageSettings(Durability.FSYNC, dir.resolve("data"), true);
    SimulationSpec spec = new SimulationSpec(F2.replicaCount(), lines, settings, F2.tick(),
        InjectedFaults.none(seed), Duration.ofSeconds(60), restarts, downtime);
    return Simulation.runWithStates(spec,
        id -> ReplicaState.recover(id, F2.replicaCount(), settings, storage, dir.resolve("logs")),
        Simulation.ProgressListener.SILENT);
  }

  /** Every replica's log file is the same, and holds every client's lines once each, in order. */
  private void assertLogsIdenticalAndComplete(SimulationResult result, List<List<String>> lines) throws IOException {
    System.out.println("last acknowledgement at " + result.toLastAck() + ", restarts " + result.restarts());
    assertTrue(result.completed(), "run did not complete: " + result);
    assertEquals(result.totalLines(), result.acknowledged());
    for (RestartOutcome restart : result.restarts()) {
      assertNull(restart.error(), "restart failed: " + restart);
      assertNotNull(restart.catchUp(), "restarted replica never caught up: " + restart);
    }
    ConsistencyReport report = ConsistencyChecker.check(dir.resolve("logs"));
    assertEquals(ConsistencyReport.Verdict.IDENTICAL, report.verdict(), report.verdictLine() + " " + report.findings());
    assertTrue(report.ok(), String.valueOf(report.findings()));
    assertEquals(F2.replicaCount(), report.logs().size());

    Map<Integer, List<String>> executed = new HashMap<>();
    for (String text : Files.readAllLines(ChatLogFiles.logFile(dir.resolve("logs"), 0))) {
      Command command = ChatLogFormat.parse(text).command();
      for (Command.ChatLine line : Command.linesOf(command)) {
        executed.computeIfAbsent(line.clientId(), c -> new ArrayList<>()).add(line.text());
      }
    }
    for (int client = 0; client < lines.size(); client++) {
      assertEquals(lines.get(client), executed.get(client), "client " + client + "'s lines, once each, in order");
    }
  }

  @Test
  void restartingEachReplicaInTurnWhileClientsSendLosesAndRepeatsNothing() throws Exception {
    List<List<String>> lines = generated(3_000);
    List<Restart> restarts = new ArrayList<>();
    for (int id = 0; id < F2.replicaCount(); id++) {
      // Of 9,000 lines: the last crash leaves half of them to send.
      restarts.add(Restart.afterAcknowledged(id, 500 + 1_000L * id));
    }
    // Each crash must come while clients still send, yet the run waits for one restart (its
    // replay from disk) before it can crash the next replica. With their usual window, clients
    // sent 18,000 lines before the fourth crash on a loaded machine; one line in flight per
    // client ties their pace to the commit round trip, which slows with the machine as the
    // restarts do.
    ProtocolSettings oneLineInFlight = F2.protocolSettings().toBuilder().clientWindow(1).build();

    SimulationResult result = run(lines, restarts, Duration.ofMillis(150), 11, oneLineInFlight);

    assertLogsIdenticalAndComplete(result, lines);
    assertEquals(5, result.restarts().size());
    for (RestartOutcome restart : result.restarts()) {
      assertTrue(restart.crashedAt().compareTo(result.toLastAck()) < 0, "crashed while clients still sent: " + restart);
    }
    // A replica that crashes before its learner's first flush comes back with an empty log
    // (seen on a starved machine) and catches up from peers; that is correct, so only require
    // that recovery from disk happened at all.
    assertTrue(result.restarts().stream().anyMatch(r -> r.recoveredSlots() > 0),
        "some replica came back with its log: " + result.restarts());
  }

  @Test
  void theWholeClusterStoppedAtOnceAndRestartedKeepsEveryAcknowledgedLine() throws Exception {
    List<List<String>> lines = generated(4_000);
    List<Restart> restarts = new ArrayList<>();
    for (int id = 0; id < F2.replicaCount(); id++) {
      restarts.add(Restart.afterAcknowledged(id, 5_000)); // of 12,000 lines
    }

    SimulationResult result = run(lines, restarts, Duration.ofMillis(300), 12);

    // Clients never resend a line once acknowledged, so an acknowledged line lost in the crash
    // would be missing from the logs.
    assertLogsIdenticalAndComplete(result, lines);
    assertTrue(result.restarts().stream().anyMatch(r -> r.recoveredSlots() > 0),
        "some replica came back with its log: " + result.restarts());
  }

  @Test
  void aReplicaDownLongerThanItsPeersKeepCatchesUpFromTheirChatLogs() throws Exception {
    List<List<String>> lines = generated(5_000);

    // Back once its peers compacted past what it had executed: it comes back behind what any
    // learner keeps in memory, however fast or slow the machine runs.
    Restart downWhileTheOthersMoveOn = Restart.afterAcknowledged(4, 1_000).backOncePeersCompactedPast();
    SimulationResult result = run(lines, List.of(downWhileTheOthersMoveOn), Duration.ZERO, 13);

    assertLogsIdenticalAndComplete(result, lines);
    RestartOutcome restart = result.restarts().get(0);
    long served = result.replicas().stream().mapToLong(ReplicaOutcome::slotsServedFromLog).sum();
    assertTrue(restart.behindSlots() > 0, "replica 4 came back behind: " + restart);
    assertTrue(served > 0, "peers had pruned what replica 4 lacked from memory and served it from their logs");
  }
}
