package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.chatlog.LogDirs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckConsistencyCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new CheckConsistencyCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void identicalExitsZeroAndPrintsOneLinePerReplica() {
    LogDirs.write(dir, "0.1 - 1.1", "0.1 - 1.1", "0.1 - 1.1");
    assertEquals(0, run(dir.toString()));
    String[] lines = out.toString().split("\n");
    assertEquals(4, lines.length, out.toString());
    assertTrue(lines[0].matches("replica-0  3 lines  md5 [0-9a-f]{32}"), lines[0]);
    assertEquals("IDENTICAL: 3 logs, 3 lines each", lines[3]);
  }

  @Test
  void prefixExitsZero() {
    LogDirs.write(dir, "0.1 - 1.1", "0.1", "0.1 - 1.1");
    assertEquals(0, run(dir.toString()));
    assertTrue(out.toString().contains("PREFIX: replica-1 behind (1 of 3 lines)"), out.toString());
  }

  @Test
  void divergentExitsOne() {
    LogDirs.write(dir, "0.1 - 1.1", "0.1 1.1");
    assertEquals(1, run(dir.toString()));
    assertTrue(out.toString().contains("DIVERGENT at slot 1"), out.toString());
  }

  @Test
  void duplicateExitsOne() {
    LogDirs.write(dir, "0.1 0.1", "0.1 0.1");
    assertEquals(1, run(dir.toString()));
    assertTrue(
        out.toString().contains("duplicate: client 0 seq 1 executed at slots 0, 1 in replica-0, replica-1"),
        out.toString());
  }

  @Test
  void missingDirectoryExitsTwoWithOneLine() {
    assertEquals(2, run(dir.resolve("nope").toString()));
    assertEquals("check-consistency: " + dir.resolve("nope") + ": no such log directory\n", err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void emptyDirectoryExitsTwo() {
    assertEquals(2, run(dir.toString()));
    assertTrue(err.toString().contains("no replica-<id>.log files"));
  }

  @Test
  void badUsageExitsTwo() {
    assertEquals(2, run("--no-such-flag"));
    assertEquals(2, run("a", "b"));
  }

  @Test
  void helpExitsZero() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("Usage: check-consistency"));
  }
}
