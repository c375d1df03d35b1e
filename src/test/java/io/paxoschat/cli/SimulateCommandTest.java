package io.paxoschat.cli;

import io.paxoschat.chatlog.ChatLogFormat;
import io.paxoschat.paxos.Command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.storage.ReplicaLocks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

  @TempDir Path temp;

  private record Run(int exitCode, String out, String err) {}

  private Run simulate(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SimulateCommand.execute(args,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void assertOneLineUsageError(Run run, String expectedFragment) {
    assertEquals(2, run.exitCode(), "exit code; stderr: " + run.err());
    String err = run.err().strip();
    assertEquals(1, err.lines().count(), "one line on stderr, got: " + err);
    assertTrue(err.contains(expectedFragment), "stderr names the problem: " + err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
  }

  @Test
  void normalRunOnThreeReplicasWritesIdenticalLogsAndExitsZero() throws Exception {
    Path logs = temp.resolve("logs");
    Run run = simulate("--config", "conf/cluster-f1.conf", "--logs", logs.toString(), "--seed", "7");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("18 / 18 lines acknowledged"), run.out());
    assertTrue(run.out().contains("IDENTICAL"), run.out());
    assertTrue(run.out().contains("seed 7"), run.out());
    for (int replica = 0; replica < 3; replica++) {
      // 18 chat lines; on a busy machine a view change may add no-op slots between them.
      long chatLines = Files.readAllLines(logs.resolve("replica-" + replica + ".log")).stream()
          .filter(line -> ChatLogFormat.parse(line).command() instanceof Command.Batch).count();
      assertEquals(18, chatLines);
    }
  }

  @Test
  void everyAcknowledgedLineIsRecordedWithItsSlotAndEveryLogHoldsItOnce() throws Exception {
    Path logs = temp.resolve("logs");
    Files.createDirectories(logs);
    Files.writeString(logs.resolve("client-9.acks"), "0\t9\t1\ta line of the run before\n");
    Run run = simulate("--config", "conf/cluster-f1.conf", "--logs", logs.toString(), "--data",
        temp.resolve("data").toString(), "--generate", "300", "--loss", "0.05", "--seed", "11");
    assertEquals(0, run.exitCode(), run.out() + run.err());

    List<io.paxoschat.chatlog.AcksFile.Ack> acks = new java.util.ArrayList<>();
    for (int client = 0; client < 3; client++) {
      acks.addAll(io.paxoschat.chatlog.AcksFile.read(logs.resolve("client-" + client + ".acks")));
    }
    assertEquals(900, acks.size(), "one record per line");
    assertFalse(Files.exists(logs.resolve("client-9.acks")), "the run before's record is cleared with its logs");
    assertTrue(acks.stream().anyMatch(ack -> ack.slot() >= 0), "replies name the slots");
    for (int replica = 0; replica < 3; replica++) {
      io.paxoschat.chatlog.AckCheck.Result result = io.paxoschat.chatlog.AckCheck.check(replica,
          io.paxoschat.chatlog.ChatLogFiles.logFile(logs, replica), acks);
      assertTrue(result.ok(), result.problems().toString());
    }
  }

  @Test
  void tabsInMessageFilesReachEveryLogByteForByte() throws Exception {
    Path messages = Files.createDirectories(temp.resolve("messages"));
    List<String> typed = List.of("name\tvalue", "\tindented", "trailing\t", "a\t1\t2\tlooks like fields");
    for (int client = 0; client < 3; client++) {
      Files.writeString(messages.resolve("client-" + client + ".txt"), String.join("\n", typed) + "\n");
    }
    Path logs = temp.resolve("logs");
    Run run = simulate("--config", "conf/cluster-f1.conf", "--messages", messages.toString(),
        "--logs", logs.toString(), "--data", temp.resolve("data").toString(), "--seed", "3");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    for (int replica = 0; replica < 3; replica++) {
      List<String> texts = Files.readAllLines(logs.resolve("replica-" + replica + ".log")).stream()
          .flatMap(line -> Command.linesOf(ChatLogFormat.parse(line).command()).stream())
          .filter(line -> line.clientId() == 1)
          .map(Command.ChatLine::text)
          .toList();
      assertEquals(typed, texts, "replica-" + replica);
    }
  }

  @Test
  void aReplicaOwnedByAnotherProgramIsRefusedAndItsFilesLeftAlone() throws Exception {
    Path logs = temp.resolve("logs");
    Path data = temp.resolve("data");
    Files.createDirectories(data.resolve("replica-1"));
    Files.createDirectories(logs);
    Files.writeString(logs.resolve("replica-1.log"), "0\t0\t1\tacknowledged\n");
    Files.writeString(data.resolve("replica-1").resolve("acceptor.log"), "its promises");
    try (ReplicaLocks running = ReplicaLocks.acquire(logs, data, List.of(1))) {
      assertOneLineUsageError(simulate("--config", "conf/cluster-f1.conf", "--logs", logs.toString(),
          "--data", data.toString()), "is in use by this process (pid " + ProcessHandle.current().pid() + ")");
    }
    assertEquals("0\t0\t1\tacknowledged\n", Files.readString(logs.resolve("replica-1.log")));
    assertEquals("its promises", Files.readString(data.resolve("replica-1").resolve("acceptor.log")));
  }

  @Test
  void aLogDirectoryThatCannotExistIsRefusedBeforeAnythingIsCleared() throws Exception {
    Path data = temp.resolve("data");
    Files.createDirectories(data.resolve("replica-0"));
    Files.writeString(data.resolve("replica-0").resolve("acceptor.log"), "its promises");
    assertOneLineUsageError(simulate("--config", "conf/cluster-f1.conf", "--logs", "/dev/null/x",
        "--data", data.toString()), "/dev/null/x");
    assertEquals("its promises", Files.readString(data.resolve("replica-0").resolve("acceptor.log")));
  }

  @Test
  void malformedConfigIsOneLineAndExitTwo() throws Exception {
    Path config = temp.resolve("broken.conf");
    Files.writeString(config, "f = 1\nreplicas = [ { id = 0 \n");
    assertOneLineUsageError(simulate("--config", config.toString()), "broken.conf");
  }

  @Test
  void fThatDoesNotMatchTheReplicasIsRefused() throws Exception {
    Path config = temp.resolve("mismatch.conf");
    Files.writeString(config, Files.readString(Path.of("conf/cluster-f1.conf")).replaceFirst("(?m)^f\\s*=\\s*1", "f = 2"));
    assertOneLineUsageError(simulate("--config", config.toString()), "needs 5 replicas");
  }

  @Test
  void failBeyondFIsRefused() {
    assertOneLineUsageError(simulate("--config", "conf/cluster-f2.conf", "--fail", "3"), "--fail must be in 0..2");
  }

  @Test
  void lossOutsideTheUnitIntervalIsRefused() {
    assertOneLineUsageError(simulate("--loss", "1.5"), "--loss");
  }

  @Test
  void missingMessageDirectoryIsRefused() {
    assertOneLineUsageError(simulate("--messages", temp.resolve("nowhere").toString()), "nowhere");
  }

  @Test
  void metricsServeOneRunOnly() {
    assertOneLineUsageError(simulate("--chaos", "--seeds", "1", "--metrics-port", "0"), "--metrics-port");
    assertOneLineUsageError(simulate("--scenario", "original", "--metrics-port", "0"), "--metrics-port");
  }

  @Test
  void aMetricsPortInUseIsOneLineAndExitTwo() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertOneLineUsageError(simulate("--config", "conf/cluster-f1.conf", "--logs", temp.resolve("logs").toString(),
          "--metrics-port", String.valueOf(taken.getLocalPort())), "the port is in use");
    }
  }

  @Test
  void unknownOptionIsRefused() {
    assertOneLineUsageError(simulate("--fial", "1"), "--fial");
  }

  @Test
  void helpExitsZero() {
    Run run = simulate("--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("--fail"), run.out());
  }

  @Test
  void chaosRunsCleanAndOneSeedReplaysToTheSameTraceHash() {
    Run many = simulate("--chaos", "--seeds", "40", "--config", "conf/cluster-f1.conf");
    assertEquals(0, many.exitCode(), many.out() + many.err());
    assertTrue(many.out().contains("verdict: CLEAN"), many.out());

    Run first = simulate("--chaos", "--seeds", "1", "--from", "17");
    Run second = simulate("--chaos", "--seeds", "1", "--from", "17");
    String hash = first.out().lines().filter(l -> l.startsWith("trace hash: ")).findFirst().orElseThrow();
    assertTrue(second.out().contains(hash), second.out());
  }

  @Test
  void chaosRefusesZeroSeeds() {
    assertOneLineUsageError(simulate("--chaos", "--seeds", "0"), "--seeds");
  }

  @Test
  void heapIsMeasuredWithTheClusterStillUp() {
    Run run = simulate("--config", "conf/cluster-f1.conf", "--logs", temp.resolve("logs").toString(), "--data",
        temp.resolve("data").toString(), "--generate", "200", "--heap", "--seed", "3");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    String heap = run.out().lines().filter(l -> l.startsWith("heap ")).findFirst().orElseThrow(() ->
        new AssertionError("no heap row: " + run.out()));
    java.util.regex.Matcher held = java.util.regex.Pattern.compile("the cluster holds ([0-9.]+) MiB").matcher(heap);
    assertTrue(held.find(), heap);
    // Three replicas, their actor system and three clients are there when it is measured.
    assertTrue(Double.parseDouble(held.group(1)) > 0.5, heap);
  }

  @Test
  void heapRefusesChaos() {
    assertOneLineUsageError(simulate("--chaos", "--seeds", "1", "--heap"), "--heap");
  }

  @Test
  void warmUpRunsEachPrintALineBeforeTheMeasuredRunAndLeaveOnlyItsLogs() throws Exception {
    Path logs = temp.resolve("logs");
    Run run = simulate("--config", "conf/cluster-f1.conf", "--logs", logs.toString(), "--data",
        temp.resolve("data").toString(), "--generate", "50", "--warmup-runs", "2", "--seed", "5");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    List<String> warmUps = run.out().lines().filter(l -> l.startsWith("warm-up ")).toList();
    assertEquals(2, warmUps.size(), run.out());
    assertTrue(warmUps.get(0).contains("lines/s") && warmUps.get(0).contains("(the cold JVM)"), warmUps.get(0));
    assertTrue(run.out().indexOf("warm-up 2") < run.out().indexOf("committed "), run.out());
    assertTrue(run.out().contains("150 / 150 lines acknowledged"), run.out());
    // Every run starts on fresh files: the measured run's log holds its own 150 lines once.
    long chatLines = Files.readAllLines(logs.resolve("replica-0.log")).stream()
        .filter(line -> ChatLogFormat.parse(line).command() instanceof Command.Batch).count();
    assertEquals(150, chatLines);
  }

  @Test
  void warmUpRunsRefuseKeepData() {
    assertOneLineUsageError(simulate("--warmup-runs", "1", "--keep-data"), "--warmup-runs");
    assertOneLineUsageError(simulate("--warmup-runs", "-1"), "--warmup-runs");
  }
}
