package io.paxoschat.chatlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.chatlog.ConsistencyReport.Duplicate;
import io.paxoschat.chatlog.ConsistencyReport.OrderViolation;
import io.paxoschat.chatlog.ConsistencyReport.Variant;
import io.paxoschat.chatlog.ConsistencyReport.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsistencyCheckerTest {

  @TempDir Path dir;

  private static final String FULL = "0.1 1.1 - 0.2 2.1 1.2";

  @Test
  void identical() {
    LogDirs.write(dir, FULL, FULL, FULL);
    ConsistencyReport report = ConsistencyChecker.check(dir);
    assertEquals(Verdict.IDENTICAL, report.verdict());
    assertTrue(report.ok());
    assertEquals(Map.of(0, 6, 1, 6, 2, 6), report.lineCounts());
    assertEquals(1, report.logs().stream().map(ConsistencyReport.ReplicaLog::md5).distinct().count());
    assertEquals("IDENTICAL: 3 logs, 6 lines each", report.verdictLine());
  }

  @Test
  void md5IsThatOfTheWholeFile() throws Exception {
    LogDirs.write(dir, FULL);
    byte[] bytes = Files.readAllBytes(dir.resolve("replica-0.log"));
    String expected =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
    assertEquals(expected, ConsistencyChecker.check(dir).logs().get(0).md5());
  }

  @Test
  void prefixNamesTheReplicasBehind() {
    LogDirs.write(dir, FULL, "0.1 1.1", FULL, "0.1 1.1 - 0.2", FULL);
    ConsistencyReport report = ConsistencyChecker.check(dir);
    assertEquals(Verdict.PREFIX, report.verdict());
    assertEquals(List.of(1, 3), report.behind());
    assertTrue(report.ok());
    assertEquals("PREFIX: replica-1, replica-3 behind (2, 4 of 6 lines)", report.verdictLine());
  }

  @Test
  void emptyLogOfACrashedReplicaIsAPrefix() {
    LogDirs.write(dir, FULL, "", FULL);
    ConsistencyReport report = ConsistencyChecker.check(dir);
    assertEquals(Verdict.PREFIX, report.verdict());
    assertEquals(List.of(1), report.behind());
  }

  @Test
  void divergentNamesTheFirstSlotAndWhoHoldsWhat() {
    LogDirs.write(dir, FULL, "0.1 1.1 2.1 0.2", FULL, "0.1 1.1 -", "0.1 1.1 2.1");
    ConsistencyReport report = ConsistencyChecker.check(dir);
    assertEquals(Verdict.DIVERGENT, report.verdict());
    assertFalse(report.ok());
    ConsistencyReport.Divergence d = report.divergence().orElseThrow();
    assertEquals(2, d.slot());
    assertEquals(
        List.of(new Variant(LogDirs.lastLine("2\tNOOP"), List.of(0, 2, 3)),
            new Variant(LogDirs.lastLine("2\t2\t1\tline 1 of client 2"), List.of(1, 4))),
        d.variants());
    assertTrue(report.verdictLine().startsWith("DIVERGENT at slot 2: replica-0, replica-2, replica-3 have"));
  }

  @Test
  void divergenceIsFoundEvenWhenTheLongestLogIsTheOddOneOut() {
    LogDirs.write(dir, "0.1 - 0.2", "0.1 - 0.2", "0.1 1.1 0.2 1.2");
    ConsistencyReport report = ConsistencyChecker.check(dir);
    assertEquals(Verdict.DIVERGENT, report.verdict());
    assertEquals(1, report.divergence().orElseThrow().slot());
  }

  @Test
  void duplicateIsReportedOnceWithEveryReplicaHoldingIt() {
    String withDuplicate = "0.1 1.1 0.1 0.2";
    LogDirs.write(dir, withDuplicate, withDuplicate, "0.1 1.1");
    ConsistencyReport report = ConsistencyChecker.check(dir);
    assertEquals(Verdict.PREFIX, report.verdict());
    assertEquals(List.of(new Duplicate(0, 1, List.of(0L, 2L), List.of(0, 1))), report.duplicates());
    assertTrue(report.orderViolations().isEmpty());
    assertEquals(
        List.of("duplicate: client 0 seq 1 executed at slots 0, 2 in replica-0, replica-1"),
        report.findings());
    assertFalse(report.ok());
  }

  @Test
  void outOfOrderAndSkippedSeqsAreReported() {
    LogDirs.write(dir, "0.2 0.1 1.1 1.3");
    ConsistencyReport report = ConsistencyChecker.check(dir);
    assertEquals(
        List.of(
            new OrderViolation(0, 0, 2, 1, List.of(0)),
            new OrderViolation(0, 1, 1, 3, List.of(0)),
            new OrderViolation(1, 3, 3, 2, List.of(0))),
        report.orderViolations());
    assertEquals(
        "out of order: client 1 seq 3 at slot 3 where seq 2 was due, in replica-0",
        report.findings().get(2));
    assertTrue(report.duplicates().isEmpty());
    assertFalse(report.ok());
  }

  @Test
  void malformedLinesAndWrongSlotNumbersAreProblems() throws IOException {
    String lines = LogDirs.line("0\tNOOP") + "\n" + LogDirs.line("2\tNOOP") + "\nrubbish\n";
    Files.writeString(dir.resolve("replica-0.log"), lines);
    Files.writeString(dir.resolve("replica-1.log"), lines);
    ConsistencyReport report = ConsistencyChecker.check(dir);
    assertEquals(Verdict.IDENTICAL, report.verdict());
    assertEquals(4, report.problems().size());
    assertTrue(report.problems().get(0).startsWith("replica-0.log:2: slot 2 where slot 1 was expected"));
    assertTrue(report.problems().get(1).startsWith("replica-0.log:3: malformed log line"));
    assertFalse(report.ok());
  }

  @Test
  void aFlippedByteIsAProblemNamingItsLine() throws IOException {
    LogDirs.write(dir, FULL, FULL);
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(dir.resolve("replica-1.log")));
    lines.set(1, lines.get(1).replace("line", "lime"));
    Files.write(dir.resolve("replica-1.log"), lines);
    ConsistencyReport report = ConsistencyChecker.check(dir);
    assertFalse(report.ok());
    assertTrue(report.problems().stream().anyMatch(p -> p.startsWith("replica-1.log:2: checksum mismatch")),
        report.problems().toString());
  }

  @Test
  void aLastLineCutOffByACrashIsAWarningNotADivergence() throws IOException {
    LogDirs.write(dir, FULL, FULL);
    Files.writeString(dir.resolve("replica-1.log"), LogDirs.line("6\t0\t3\tline 3 of client 0").substring(0, 16),
        java.nio.file.StandardOpenOption.APPEND);
    ConsistencyReport report = ConsistencyChecker.check(dir);
    assertEquals(Verdict.IDENTICAL, report.verdict());
    assertEquals(1, report.warnings().size());
    assertTrue(report.warnings().get(0).startsWith("replica-1.log:7: last line has no line end"));
    assertTrue(report.ok());
  }

  @Test
  void otherFilesInTheDirectoryAreIgnored() throws IOException {
    LogDirs.write(dir, FULL, FULL);
    Files.writeString(dir.resolve("paxos-chat-debug.log"), "12:00 INFO something\n");
    assertEquals(2, ConsistencyChecker.check(dir).logs().size());
  }

  @Test
  void missingOrEmptyDirectory() {
    ChatLogException missing =
        assertThrows(ChatLogException.class, () -> ConsistencyChecker.check(dir.resolve("nope")));
    assertEquals(dir.resolve("nope") + ": no such log directory", missing.getMessage());
    ChatLogException empty = assertThrows(ChatLogException.class, () -> ConsistencyChecker.check(dir));
    assertEquals(dir + ": no replica-<id>.log files", empty.getMessage());
  }
}
