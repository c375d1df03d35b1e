package io.paxoschat.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.paxoschat.chaos.ChaosOptions;
import io.paxoschat.chaos.ChaosRunner;
import io.paxoschat.chaos.RunResult;
import io.paxoschat.events.JsonLinesRecorder;
import io.paxoschat.events.Sampling;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real browser opens a report: headless Chromium loads the page from disk, runs its script,
 * and the test reads the DOM it ends with and keeps a screenshot in {@code target/}.
 * Chromium comes from the Debian package {@code chromium}; {@code .ci/run} installs it.
 */
class ReportBrowserIT {

  private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);
  private static final Path OUT = Path.of("target", "report-it");
  private static final int SEEDS_TRIED = 200;
  private static Path page;

  /**
   * A seeded chaos run in virtual time, the first seed from 0 in which a replica crashes and a
   * later view elects a leader, so the page has lanes, arrows, a crash and a view change; the same
   * seed every time. Not the actors on the wall clock with {@code --fail 1}: on a busy machine their
   * primary can lose its leadership before the first client request reaches it, and then it never
   * crashes.
   */
  @BeforeAll
  static void writeReport() throws Exception {
    Files.createDirectories(OUT);
    ChaosOptions options = ChaosOptions.forF(1, 1, 0, "conf/cluster-f1.conf").withThreads(1);
    for (long seed = 0; seed < SEEDS_TRIED; seed++) {
      Path events = OUT.resolve("chaos-seed.events.jsonl");
      RunResult result = ChaosRunner.runSeed(options, seed,
          clock -> JsonLinesRecorder.open(events, clock, Sampling.DEFAULT));
      if (result.violation().isEmpty() && crashesThenElects(Files.readAllLines(events))) {
        page = OUT.resolve("chaos-seed.html");
        Reports.write(List.of(events), null, page);
        return;
      }
    }
    fail("no chaos seed below " + SEEDS_TRIED + " crashed a replica and then elected a leader");
  }

  /** Whether the record has a crash and, after it, a leader of a later view. */
  private static boolean crashesThenElects(List<String> record) {
    boolean crashed = false;
    for (String line : record) {
      if (line.contains("\"k\":\"crash\"")) {
        crashed = true;
      } else if (crashed && line.contains("\"k\":\"view\"") && line.contains("\"m\":\"leader\"")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theScriptRunsWithoutErrorsAndTheDiagramHasLanesAndArrows() throws Exception {
    Browser run = browser("--dump-dom", page.toUri().toString());
    String dom = run.stdout();
    assertTrue(dom.contains("<body data-ready=\"1\">"), () -> "the script ran to its end; the DOM Chromium printed ("
        + dom.length() + " characters) begins " + dom.substring(0, Math.min(dom.length(), 400)) + "; stderr: "
        + run.stderr());
    Matcher errors = Pattern.compile("<div id=\"script-errors\">([^<]*)</div>").matcher(dom);
    assertTrue(errors.find(), "the error box is on the page");
    assertEquals("", errors.group(1), "no script errors");
    assertTrue(!run.stderr().contains("Uncaught"), "no uncaught errors on the console: " + run.stderr());
    for (String lane : List.of("r0", "r1", "r2", "c0", "c1", "c2")) {
      assertTrue(dom.contains("class=\"lane\" data-lane=\"" + lane + "\""), "lane " + lane);
    }
    Matcher placed = Pattern.compile("<line class=\"m [^\"]*\" data-t1=\"[^\"]*\" data-t2=\"[^\"]*\" y1=\"\\d+\" "
        + "y2=\"\\d+\"[^>]*x1=\"[0-9.]+\" x2=\"[0-9.]+\"").matcher(dom);
    int arrows = 0;
    while (placed.find()) {
      arrows++;
    }
    assertTrue(arrows > 50, "the script placed the arrows in time: " + arrows);
    assertTrue(Pattern.compile("<g class=\"crash at\"[^>]*transform=\"translate\\(").matcher(dom).find(),
        "the crash is placed on its lane");
    assertTrue(Pattern.compile("<g id=\"axis\"[^>]*><line").matcher(dom).find(), "the time axis is drawn");
  }

  @Test
  void screenshotsOfTheWholeRunAndOfAZoomAreSaved() throws Exception {
    Path whole = Path.of("target", "report.png").toAbsolutePath();
    Files.deleteIfExists(whole);
    browser("--screenshot=" + whole, "--window-size=1400,1000", page.toUri().toString());
    assertTrue(Files.size(whole) > 20_000, "a screenshot of the page: " + Files.size(whole) + " bytes");

    Path zoomed = Path.of("target", "report-zoom.png").toAbsolutePath();
    Files.deleteIfExists(zoomed);
    browser("--screenshot=" + zoomed, "--window-size=1400,1000", page.toUri() + "#t=0-150");
    assertTrue(Files.size(zoomed) > 20_000, "a screenshot of the first 150 ms");
  }

  private record Browser(String stdout, String stderr) {}

  /** Runs headless Chromium once with {@code args}; kills it (and what it started) if it hangs. */
  private static Browser browser(String... args) throws Exception {
    Path profile = Files.createTempDirectory("report-it-chromium");
    List<String> command = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--enable-logging=stderr", "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile("chromium", ".out");
    Path stderr = Files.createTempFile("chromium", ".err");
    Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
        .start();
    try {
      if (!process.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        fail("chromium did not finish within " + BROWSER_TIMEOUT.toSeconds() + " s");
      }
      assertEquals(0, process.exitValue(), "chromium's exit code; stderr: " + Files.readString(stderr));
      return new Browser(Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr));
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
      deleteTree(profile);
    }
  }

  private static String chromium() {
    String given = System.getenv("CHROMIUM");
    if (given != null && !given.isBlank()) {
      return given;
    }
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    return fail("no headless browser: install the Debian package chromium (apt-get install -y chromium;"
        + " .ci/run does), or set CHROMIUM to one");
  }

  private static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
