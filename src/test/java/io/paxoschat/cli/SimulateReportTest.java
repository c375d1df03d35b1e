package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a small known run holds what the run did: checked on the HTML. */
class SimulateReportTest {

  @TempDir Path temp;

  private String report(String name, String... faults) throws Exception {
    Path page = temp.resolve(name + ".html");
    String[] base = {"--config", "conf/cluster-f1.conf", "--logs", temp.resolve(name + "-logs").toString(),
        "--data", temp.resolve(name + "-data").toString(), "--seed", "11", "--report", page.toString()};
    String[] args = new String[base.length + faults.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(faults, 0, args, base.length, faults.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SimulateCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, printed + err.toString(StandardCharsets.UTF_8));
    assertTrue(printed.contains("report: " + page), printed);
    assertTrue(Files.exists(temp.resolve(name + ".events.jsonl")), "the event record is kept next to the page");
    long size = Files.size(page);
    assertTrue(size < 1_000_000, "an original case makes a page under 1 MB: " + size);
    String html = Files.readString(page);
    assertCommonParts(html);
    return html;
  }

  private static void assertCommonParts(String html) {
    for (String lane : new String[] {"r0", "r1", "r2", "c0", "c1", "c2"}) {
      assertTrue(html.contains("class=\"lane\" data-lane=\"" + lane + "\""), "a lane for " + lane);
    }
    assertTrue(count(html, "<line class=\"m ") > 50, "messages are drawn as arrows");
    assertTrue(html.contains("18 / 18 acknowledged"), "the header counts the lines");
    assertTrue(html.contains("id=\"executed\"") && html.contains("class=\"exec-line\""), "executed slot chart");
    assertTrue(html.contains("id=\"latency\"") && html.contains("class=\"lat p99\""), "latency chart");
    assertTrue(html.contains("<table class=\"log\" id=\"log\">"), "the log table");
    assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"),
        "no network reference but the SVG namespace");
    assertFalse(html.contains("<script src") || html.contains("<link "), "self-contained");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void theCrashOfFailOneIsMarkedOnTheLaneOfTheFirstPrimary() throws Exception {
    String html = report("fail1", "--fail", "1");
    assertTrue(html.contains("<g class=\"crash at\""), "a crash mark");
    assertTrue(html.contains("r0 crashes: --fail"), "on replica 0, with its cause");
    assertTrue(html.contains("class=\"down\""), "its lane is hatched while down");
    assertTrue(Pattern.compile("view changes</th><td>[1-9]").matcher(html).find(), "a view change is counted");
    assertTrue(html.contains("class=\"view leading\""), "a leader's view is marked on its lane");
  }

  @Test
  void theNoopOfSkipTwoIsInTheDiagramAndTheLog() throws Exception {
    String html = report("skip2", "--skip", "2");
    assertTrue(Pattern.compile("<g class=\"noop at\" data-t=\"[0-9.]+\" data-y=\"\\d+\" data-slot=\"2\">")
        .matcher(html).find(), "a NOOP mark at slot 2");
    assertTrue(html.contains("<tr class=\"noop\" data-slot=\"2\"><td>2</td>"), "slot 2 is a NOOP row of the log");
    assertTrue(Pattern.compile("slots</th><td>\\d+ \\([1-9]\\d* NOOP\\)").matcher(html).find(),
        "the header counts the NOOP");
  }

  @Test
  void dropsUnderLossAreBrokenArrows() throws Exception {
    String html = report("loss", "--loss", "0.2");
    assertTrue(count(html, " dropped\" data-t1=") > 5, "dropped messages are drawn as broken arrows");
    assertTrue(html.contains("<marker id=\"cross\"") && html.contains("line.m.dropped {")
        && html.contains("marker-end: url(#cross)"), "with a cross where they were lost");
    Matcher drops = Pattern.compile("drops</th><td>(\\d+) \\((\\d+) loss").matcher(html);
    assertTrue(drops.find() && Long.parseLong(drops.group(1)) > 5, "the header counts the losses");
  }

  @Test
  void reportWithManySeedsOrScenarioIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SimulateCommand.execute(new String[] {"--chaos", "--seeds", "5", "--report", temp.resolve("x.html").toString()},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--seeds 1"), err.toString(StandardCharsets.UTF_8));
  }
}
