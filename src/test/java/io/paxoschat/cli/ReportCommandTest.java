package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/report and bin/cluster report refuse what they cannot read with one line and exit 2. */
class ReportCommandTest {

  @TempDir Path temp;

  private record Run(int code, String out, String err) {}

  private Run report(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ReportCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void assertOneLine(Run run, String fragment) {
    assertEquals(2, run.code(), run.out() + run.err());
    String err = run.err().strip();
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains(fragment), err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), err);
  }

  @Test
  void aMissingFileIsOneLine() {
    assertOneLine(report("--out", temp.resolve("a.html").toString(), temp.resolve("none.jsonl").toString()),
        "none.jsonl: no such file");
  }

  @Test
  void aFileThatIsNoEventRecordIsOneLine() throws Exception {
    Path notes = temp.resolve("notes.jsonl");
    Files.writeString(notes, "hello\n{\"k\":\"send\"}\n");
    assertOneLine(report("--out", temp.resolve("a.html").toString(), notes.toString()), "no \"run\" line");
  }

  @Test
  void aDirectoryWithoutRecordsIsOneLine() {
    assertOneLine(report("--out", temp.resolve("a.html").toString(), temp.toString()), "no event records");
  }

  @Test
  void clusterReportWithoutRecordsIsOneLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ClusterCommand.execute(new String[] {"report", "--config", "conf/cluster-f1.conf", "--logs",
        temp.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertOneLine(new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)),
        "no event records");
  }
}
