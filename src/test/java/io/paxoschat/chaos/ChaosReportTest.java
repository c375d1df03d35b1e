package io.paxoschat.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.events.JsonLinesRecorder;
import io.paxoschat.events.Sampling;
import io.paxoschat.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording a chaos seed changes nothing about the run, and its report shows what it did. */
class ChaosReportTest {

  @TempDir Path temp;

  private static final ChaosOptions OPTIONS = ChaosOptions.forF(1, 1, 0, "conf/cluster-f1.conf").withThreads(1);

  private RunResult recorded(RoleFactory roles, long seed, Path events) {
    return ChaosRunner.runSeed(OPTIONS, roles, seed, clock -> JsonLinesRecorder.open(events, clock, Sampling.DEFAULT));
  }

  @Test
  void recordingOnAndOffGiveTheSameTraceHash() {
    for (long seed = 0; seed < 6; seed++) {
      RunResult off = ChaosRunner.runSeed(OPTIONS, seed);
      RunResult on = recorded(RoleFactory.core(), seed, temp.resolve("seed-" + seed + ".jsonl"));
      assertEquals(off.traceHashHex(), on.traceHashHex(), "seed " + seed);
      assertEquals(off.events(), on.events(), "seed " + seed);
    }
  }

  @Test
  void aSeedsReportHasItsLanesLogsAndVerdict() throws Exception {
    Path events = temp.resolve("seed.jsonl");
    RunResult result = recorded(RoleFactory.core(), 3, events);
    Path page = temp.resolve("seed.html");
    Reports.write(List.of(events), null, page);
    String html = Files.readString(page);
    assertTrue(html.contains("chaos seed 3"));
    assertTrue(html.contains("(virtual time)"));
    assertTrue(html.contains("<b class=\"ok\">PASS</b>"), "the verdict");
    assertTrue(html.contains(result.traceHashHex()), "the trace hash");
    for (String lane : List.of("r0", "r1", "r2", "c0", "c1", "c2")) {
      assertTrue(html.contains("class=\"lane\" data-lane=\"" + lane + "\""), lane);
    }
    assertTrue(html.contains("<table class=\"log\" id=\"log\">"), "the log, from the record");
    assertTrue(html.contains("bin/simulate --chaos --seeds 1 --from 3") || html.contains("chaos seed 3"));
  }

  /** Every chaos run starts a client again: its earlier run's lines count among the lines sent. */
  @Test
  void theLinesSentCountEveryRunOfAClient() throws Exception {
    Pattern end = Pattern.compile("\"acknowledged\":(\\d+),\"lines\":(\\d+)");
    for (long seed = 0; seed < 20; seed++) {
      Path events = temp.resolve("lines-" + seed + ".jsonl");
      recorded(RoleFactory.core(), seed, events);
      List<String> record = Files.readAllLines(events);
      Matcher counts = end.matcher(record.get(record.size() - 1));
      assertTrue(counts.find(), "the end record has both counts");
      assertTrue(Long.parseLong(counts.group(1)) <= Long.parseLong(counts.group(2)),
          "seed " + seed + ": no more lines acknowledged than sent: " + counts.group());
    }
  }

  @Test
  void aViolatingSeedHasItsViolationAtTheTopAndInTheDiagram() throws Exception {
    RoleFactory bug = PlantedBugs.learnerExecutesDuplicates();
    Violation violation = ChaosRunner.firstViolation(OPTIONS, bug, 0, 400).orElseThrow();
    Path events = temp.resolve("bug.jsonl");
    RunResult result = recorded(bug, violation.seed(), events);
    assertEquals(violation.invariant(), result.violation().orElseThrow().invariant());
    Path page = temp.resolve("bug.html");
    Reports.write(List.of(events), null, page);
    String html = Files.readString(page);
    int banner = html.indexOf("<div class=\"violation\" id=\"violation\"><b>VIOLATION " + violation.invariant());
    assertTrue(banner > 0, "the violation is named");
    assertTrue(banner < html.indexOf("id=\"summary\""), "above the header table");
    assertTrue(html.contains("bin/simulate --chaos --seeds 1 --from " + violation.seed()), "with its replay command");
    assertTrue(html.contains("<g class=\"violation-mark at\""), "and marked in the diagram");
    assertTrue(html.contains("<b class=\"bad\">VIOLATION " + violation.invariant() + "</b>"), "the verdict");
  }
}
