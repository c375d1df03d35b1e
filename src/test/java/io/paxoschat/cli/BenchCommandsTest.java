package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad numbers to the bench commands: one line naming the option, exit 2, nothing run or written. */
class BenchCommandsTest {

  @TempDir Path temp;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(Function<PrintStream, Object> command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = CommandLines.create(command.apply(outStream), outStream, new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void assertRefused(Run run, String option) {
    assertEquals(2, run.exitCode(), "exit code; stderr: " + run.err() + " stdout: " + run.out());
    String err = run.err().strip();
    assertEquals(1, err.lines().count(), "one line on stderr: " + err);
    assertTrue(err.contains(option), "names " + option + ": " + err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    assertEquals("", run.out(), "nothing measured");
    assertFalse(Files.exists(temp.resolve("scratch")), "nothing written");
  }

  @Test
  void benchRecovery() {
    String scratch = temp.resolve("scratch").toString();
    assertRefused(run(BenchRecoveryCommand::new, "--runs", "0", "--dir", scratch), "--runs");
    assertRefused(run(BenchRecoveryCommand::new, "--runs", "-3", "--dir", scratch), "--runs");
    assertRefused(run(BenchRecoveryCommand::new, "--runs", "many", "--dir", scratch), "--runs");
    assertRefused(run(BenchRecoveryCommand::new, "--slots", "1000,0", "--dir", scratch), "--slots");
  }

  @Test
  void benchEvents() {
    String scratch = temp.resolve("scratch").toString();
    assertRefused(run(BenchEventsCommand::new, "--runs", "0", "--dir", scratch), "--runs");
    assertRefused(run(BenchEventsCommand::new, "--lines", "0", "--dir", scratch), "--lines");
    assertRefused(run(BenchEventsCommand::new, "--warm-up", "0", "--dir", scratch), "--warm-up");
    assertRefused(run(BenchEventsCommand::new, "--config", temp.resolve("none.conf").toString(), "--dir", scratch),
        "none.conf");
  }

  @Test
  void benchEventsQuantiles() {
    java.util.List<Double> ratios = java.util.List.of(1.04, 0.90, 1.00, 0.96);
    assertEquals(0.98, BenchEventsCommand.quantile(ratios, 0.5), 1e-9, "median: between the middle two");
    assertEquals(0.945, BenchEventsCommand.quantile(ratios, 0.25), 1e-9);
    assertEquals(1.01, BenchEventsCommand.quantile(ratios, 0.75), 1e-9);
    assertEquals(1.00, BenchEventsCommand.quantile(java.util.List.of(1.00), 0.25), 1e-9, "one value is every quantile");
  }

  @Test
  void benchRemote() {
    String scratch = temp.resolve("scratch").toString();
    assertRefused(run(out -> new BenchRemoteCommand(out, out), "--runs", "0", "--logs", scratch), "--runs");
    assertRefused(run(out -> new BenchRemoteCommand(out, out), "--lines", "0", "--logs", scratch), "--lines");
    assertRefused(run(out -> new BenchRemoteCommand(out, out), "--steady-rate", "-1", "--logs", scratch), "--steady-rate");
    assertRefused(run(out -> new BenchRemoteCommand(out, out), "--warmup-rounds", "-1", "--logs", scratch),
        "--warmup-rounds");
    assertRefused(run(out -> new BenchRemoteCommand(out, out), "--transport", "udp", "--logs", scratch), "--transport");
    assertRefused(run(out -> new BenchRemoteCommand(out, out), "--steady-seconds", "0", "--logs", scratch),
        "--steady-seconds");
    assertRefused(run(out -> new BenchRemoteCommand(out, out), "--steady-warmup-seconds", "-1", "--logs", scratch),
        "--steady-warmup-seconds");
    // conf/cluster-f1.conf has 3 clients: 2 lines a second would give each 0 a second, no steady round at all.
    assertRefused(run(out -> new BenchRemoteCommand(out, out), "--steady-rate", "2", "--logs", scratch), "--steady-rate");
  }

  @Test
  void benchWire() {
    assertRefused(run(BenchWireCommand::new, "--runs", "0"), "--runs");
    assertRefused(run(BenchWireCommand::new, "--millis", "0"), "--millis");
    assertRefused(run(BenchWireCommand::new, "--line-bytes", "0"), "--line-bytes");
  }
}
