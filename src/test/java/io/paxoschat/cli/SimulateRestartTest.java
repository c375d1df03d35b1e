package io.paxoschat.cli;

import io.paxoschat.chatlog.ChatLogFormat;
import io.paxoschat.paxos.Command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import io.paxoschat.storage.AcceptorRecordCodec;
import io.paxoschat.storage.RecordFile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/simulate with --restart, --keep-data and damaged data left by an earlier run. */
class SimulateRestartTest {

  @TempDir Path temp;

  private record Run(int exitCode, String out, String err) {}

  private Run simulate(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SimulateCommand.execute(args,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A three-replica run on the sample messages, with its logs and data under the temp dir. */
  private Run f1(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--config", "conf/cluster-f1.conf",
        "--logs", temp.resolve("logs").toString(), "--data", temp.resolve("data").toString(), "--seed", "5"));
    args.addAll(List.of(more));
    return simulate(args.toArray(String[]::new));
  }

  private static void assertOneLineError(Run run, String fragment) {
    assertEquals(2, run.exitCode(), "exit code; stdout: " + run.out() + " stderr: " + run.err());
    String err = run.err().strip();
    assertEquals(1, err.lines().count(), "one line on stderr, got: " + err);
    assertTrue(err.contains(fragment), "stderr names the problem: " + err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
  }

  private Path acceptorLog(int replica) {
    return temp.resolve("data").resolve("replica-" + replica).resolve("acceptor.log");
  }

  private Path chatLog(int replica) {
    return temp.resolve("logs").resolve("replica-" + replica + ".log");
  }

  @Test
  void aRestartDuringTheRunIsReportedAndTheLogsAgree() {
    Run run = f1("--generate", "2000", "--restart", "1@0.2", "--downtime", "0.2");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("--restart 1@0.200"), run.out());
    assertTrue(run.out().contains("restart       replica 1 crashed at"), run.out());
    assertTrue(run.out().contains("caught up"), run.out());
    assertTrue(run.out().contains("IDENTICAL"), run.out());
  }

  @Test
  void keepDataContinuesTheLogsOfTheRunBefore() throws IOException {
    assertEquals(0, f1().exitCode());
    List<String> before = Files.readAllLines(chatLog(0));

    Run again = f1("--keep-data");

    assertEquals(0, again.exitCode(), again.out() + again.err());
    List<String> after = Files.readAllLines(chatLog(0));
    assertEquals(before, after.subList(0, before.size()), "the log of the run before is kept as it was");
    assertEquals(36, chatLines(after), "the clients of the new run open new sessions: their 18 lines are new lines");
    Run fresh = f1();
    assertEquals(0, fresh.exitCode());
    assertEquals(18, chatLines(Files.readAllLines(chatLog(0))), "without --keep-data it starts empty");
  }

  private static long chatLines(List<String> log) {
    return log.stream().filter(line -> ChatLogFormat.parse(line).command() instanceof Command.Batch).count();
  }

  @Test
  void aTornLastRecordAndATornLastLineAreRepairedOnStart() throws IOException {
    assertEquals(0, f1().exitCode());
    List<String> log = Files.readAllLines(chatLog(2));
    long records = RecordFile.replay(acceptorLog(2), false, payload -> { }).records();
    // A crash in the middle of appending a record and a line.
    Files.write(acceptorLog(2), new byte[] {0, 0, 0, 90, 1, 2, 3, 4, 2, 0}, StandardOpenOption.APPEND);
    Files.writeString(chatLog(2), "18\t1\t7\tnever fin", StandardOpenOption.APPEND);

    Run again = f1("--keep-data");

    assertEquals(0, again.exitCode(), again.out() + again.err());
    RecordFile.Replay replay = RecordFile.replay(acceptorLog(2), false, AcceptorRecordCodec::decode);
    assertEquals(null, replay.repair(), "the torn record was cut off, and records appended after it are whole");
    assertTrue(replay.records() >= records, "no record before the torn one was lost");
    List<String> after = Files.readAllLines(chatLog(2));
    assertEquals(log, after.subList(0, log.size()), "the torn line is cut off and what came before is kept");
    assertEquals(36, chatLines(after), "the new run's 18 lines follow, none twice");
    assertTrue(again.out().contains("IDENTICAL"), again.out());
  }

  @Test
  void aCorruptRecordInTheMiddleStopsTheReplicaWithAClearError() throws IOException {
    assertEquals(0, f1().exitCode());
    try (FileChannel channel = FileChannel.open(acceptorLog(1), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {(byte) 0xAA}), 40); // inside the first records
    }

    Run again = f1("--keep-data");

    assertOneLineError(again, acceptorLog(1) + ": corrupt record at offset ");
    assertTrue(again.err().contains("refusing to start"), again.err());
  }

  @Test
  void restartNeedsIdAtSeconds() {
    assertOneLineError(f1("--restart", "1"), "--restart wants ID@SECONDS");
    assertOneLineError(f1("--restart", "x@1"), "--restart wants ID@SECONDS");
  }

  @Test
  void restartOfAnUnknownReplicaIsRefused() {
    assertOneLineError(f1("--restart", "3@1"), "no replica 3");
  }

  @Test
  void aReplicaCannotCrashAgainWhileDown() {
    assertOneLineError(f1("--restart", "1@1", "--restart", "1@1.2", "--downtime", "0.5"), "while still down");
  }

  @Test
  void restartWithoutDurableStateIsRefused() {
    assertOneLineError(f1("--restart", "1@1", "--durability", "memory"), "--restart needs durability fsync or os");
  }

  @Test
  void aReplicaThatFailsForGoodCannotRestart() {
    assertOneLineError(f1("--fail", "1", "--restart", "0@1"), "crashes for good under --fail 1");
  }
}
