package io.paxoschat.cli;

import io.paxoschat.chatlog.ConsistencyReport;
import io.paxoschat.chatlog.ConsistencyReport.ReplicaLog;
import io.paxoschat.sim.SimulationResult;
import io.paxoschat.sim.SimulationResult.ReplicaOutcome;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A finished run together with what its log files say, and the CPU time this JVM used while it
 * ran (every thread: actors, disk writers, garbage collector, JIT compiler; -1 where the platform
 * does not tell).
 */
record SimulationOutcome(String scenario, SimulationResult result, ConsistencyReport report, long cpuNanos) {

  /** CPU microseconds per line the run had to send; NaN if unknown. */
  double cpuMicrosPerLine() {
    return cpuNanos < 0 || result.totalLines() == 0 ? Double.NaN : cpuNanos / 1e3 / result.totalLines();
  }

  /** Every line acknowledged, every restart back up, and the logs of all live replicas identical and well formed. */
  boolean passed() {
    return result.completed() && result.acknowledged() == result.totalLines() && liveLogsIdentical() && report.ok()
        && result.restarts().stream().allMatch(r -> r.error() == null);
  }

  boolean liveLogsIdentical() {
    Set<Integer> live = result.replicas().stream()
        .filter(r -> !r.crashed()).map(ReplicaOutcome::id).collect(Collectors.toSet());
    Set<String> digests = report.logs().stream()
        .filter(log -> live.contains(log.replicaId())).map(ReplicaLog::md5).collect(Collectors.toSet());
    long liveLogs = report.logs().stream().filter(log -> live.contains(log.replicaId())).count();
    return liveLogs == live.size() && digests.size() == 1;
  }

  String verdict() {
    if (result.restarts().stream().anyMatch(r -> r.error() != null)) {
      return "RESTART FAILED";
    }
    if (!result.completed()) {
      return "INCOMPLETE";
    }
    if (!liveLogsIdentical()) {
      return "LIVE LOGS DIFFER";
    }
    return report.ok() ? "CONSISTENT" : "INCONSISTENT";
  }
}
