package io.paxoschat.cli;

import io.paxoschat.chatlog.ConsistencyReport;
import io.paxoschat.chatlog.ConsistencyReport.ReplicaLog;
import io.paxoschat.sim.SimulationResult;
import io.paxoschat.sim.SimulationResult.ReplicaOutcome;
import io.paxoschat.sim.SimulationResult.RestartOutcome;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** Prints what a person wants to see after a run: what happened, how fast, and whether logs agree. */
final class SummaryPrinter {

  private final PrintStream out;

  SummaryPrinter(PrintStream out) {
    this.out = out;
  }

  void summary(SimulationOutcome outcome) {
    SimulationResult result = outcome.result();
    ConsistencyReport report = outcome.report();
    row("scenario", outcome.scenario());
    row("committed", result.acknowledged() + " / " + result.totalLines() + " lines acknowledged");
    row("view changes", String.valueOf(result.finalView()));
    row("dropped", result.droppedMessages() + " messages (client retries: " + result.clientRetries() + ")");
    row("time", String.format(Locale.ROOT, "%.3f s to last acknowledgement, %.3f s wall, %,.0f lines/s",
        seconds(result.toLastAck()), seconds(result.wallTime()), result.linesPerSecond()));
    Histogram latency = result.commitLatencyNanos();
    if (latency.getTotalCount() > 0) {
      row("latency", String.format(Locale.ROOT, "commit p50 %.2f ms, p99 %.2f ms, max %.2f ms (first send to acknowledgement)",
          latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6));
    }
    if (outcome.cpuNanos() >= 0) {
      row("cpu", String.format(Locale.ROOT, "%.2f s in this JVM while the cluster ran, %.1f us per line",
          outcome.cpuNanos() / 1e9, outcome.cpuMicrosPerLine()));
    }
    if (!result.failovers().isEmpty()) {
      row("failover", result.failovers().stream()
          .map(d -> String.format(Locale.ROOT, "%.3f s", seconds(d)))
          .collect(Collectors.joining(", ")) + " from a primary's crash to the next commit");
    }
    for (RestartOutcome restart : result.restarts()) {
      row("restart", describe(restart));
    }
    long fromLog = result.replicas().stream().mapToLong(ReplicaOutcome::slotsServedFromLog).sum();
    long compactions = result.replicas().stream().mapToLong(ReplicaOutcome::compactions).sum();
    if (fromLog > 0 || compactions > 0) {
      row("compaction", compactions + " acceptor log rewrites; " + fromLog
          + " slots sent to lagging replicas from chat log files");
    }
    Map<Integer, ReplicaLog> logs =
        report.logs().stream().collect(Collectors.toMap(ReplicaLog::replicaId, Function.identity()));
    for (ReplicaOutcome replica : result.replicas()) {
      ReplicaLog log = logs.get(replica.id());
      out.printf(Locale.ROOT, "  replica-%d  %-7s %6s lines  md5 %s%n", replica.id(),
          replica.crashed() ? "crashed" : "live",
          log == null ? "-" : String.valueOf(log.lines()), log == null ? "-" : log.md5());
    }
    report.logs().stream().findFirst().ifPresent(log -> row("slots", slotShape(log.file())));
    row("logs", report.verdictLine());
    report.findings().forEach(finding -> row("finding", finding));
    row("verdict", outcome.verdict());
  }

  /** How the chat lines of one log fill its slots: the cost of batching, retries and holes. */
  static String slotShape(java.nio.file.Path logFile) {
    long slots = 0;
    long noops = 0;
    long lines = 0;
    long lastSlot = -1;
    try (var reader = java.nio.file.Files.newBufferedReader(logFile, java.nio.charset.StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        io.paxoschat.chatlog.LogEntry entry = io.paxoschat.chatlog.ChatLogFormat.parse(line);
        if (entry.slot() != lastSlot) {
          slots++;
          lastSlot = entry.slot();
        }
        if (entry.command() instanceof io.paxoschat.paxos.Command.Batch) {
          lines++;
        } else if (entry.command() instanceof io.paxoschat.paxos.Command.Noop) {
          noops++; // a session's opening or closing is a slot of its own, not a no-op
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return "cannot read " + logFile + ": " + e.getMessage();
    }
    return String.format(Locale.ROOT, "%,d slots for %,d lines (%.1f lines per slot), %,d no-op slots (%.1f %%)",
        slots, lines, slots == 0 ? 0.0 : (double) lines / slots, noops, slots == 0 ? 0.0 : 100.0 * noops / slots);
  }

  /** One line for a warm-up run: its speed and commit latency, and whether it passed. */
  void warmUpRow(int run, SimulationOutcome outcome) {
    SimulationResult result = outcome.result();
    Histogram latency = result.commitLatencyNanos();
    row("warm-up " + run, String.format(Locale.ROOT,
        "%.3f s, %,.0f lines/s, commit p50 %.2f ms, p99 %.2f ms, CPU %.1f us per line, %d view changes, %s%s",
        seconds(result.toLastAck()), result.linesPerSecond(), latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(99) / 1e6, outcome.cpuMicrosPerLine(), result.finalView(), outcome.verdict(),
        run == 1 ? " (the cold JVM)" : ""));
  }

  void table(List<SimulationOutcome> outcomes) {
    out.printf(Locale.ROOT, "%-28s %10s %6s %9s  %s%n", "scenario", "committed", "views", "seconds", "verdict");
    for (SimulationOutcome outcome : outcomes) {
      SimulationResult result = outcome.result();
      out.printf(Locale.ROOT, "%-28s %10s %6d %9.3f  %s%n", outcome.scenario(),
          result.acknowledged() + "/" + result.totalLines(), result.finalView(),
          seconds(result.toLastAck()), outcome.verdict());
    }
  }

  static String describe(RestartOutcome restart) {
    StringBuilder text = new StringBuilder("replica " + restart.id());
    if (restart.crashedAt() != null) {
      text.append(String.format(Locale.ROOT, " crashed at %.3f s", seconds(restart.crashedAt())));
    }
    if (restart.restartedAt() == null) {
      return text.append(", not restarted before the run ended").toString();
    }
    text.append(String.format(Locale.ROOT, ", restarted at %.3f s", seconds(restart.restartedAt())));
    if (restart.error() != null) {
      return text.append(" but could not start: ").append(restart.error()).toString();
    }
    text.append(String.format(Locale.ROOT, " (files read back in %.3f s) with %d slots in its log",
        seconds(restart.replay()), restart.recoveredSlots()));
    if (restart.catchUp() == null) {
      return text.append(", never caught up the ").append(restart.behindSlots()).append(" it lacked").toString();
    }
    return text.append(String.format(Locale.ROOT, ", caught up %d more in %.3f s",
        restart.behindSlots(), seconds(restart.catchUp()))).toString();
  }

  void row(String label, String value) {
    out.printf(Locale.ROOT, "%-13s %s%n", label, value);
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
