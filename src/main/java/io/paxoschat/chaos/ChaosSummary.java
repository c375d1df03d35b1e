package io.paxoschat.chaos;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a chaos campaign found.
 *
 * @param runs seeds run
 * @param violations the broken invariants, one per failing seed, in seed order
 * @param virtualMillis virtual time covered by all runs together
 * @param faults faults injected by kind, over all runs
 * @param wallMillis wall-clock time the campaign took
 * @param maxSettleMillis the longest time any clean run took to settle after its faults stopped
 * @param single the whole result when exactly one seed ran (for its trace hash)
 */
public record ChaosSummary(
    ChaosOptions options,
    long runs,
    List<Violation> violations,
    long virtualMillis,
    Map<FaultKind, Long> faults,
    long wallMillis,
    long maxSettleMillis,
    Optional<RunResult> single) {

  public ChaosSummary {
    violations = List.copyOf(violations);
    faults = Map.copyOf(faults);
  }

  /** Violations shown with their trace, and listed at all, in a report. */
  private static final int TRACED = 3;
  private static final int LISTED = 20;

  public boolean clean() {
    return violations.isEmpty();
  }

  public double seedsPerSecond() {
    return runs * 1000.0 / Math.max(1, wallMillis);
  }

  public double virtualSecondsPerWallSecond() {
    return (double) virtualMillis / Math.max(1, wallMillis);
  }

  public long faultsInjected() {
    return faults.values().stream().mapToLong(Long::longValue).sum();
  }

  public double faultsPerRun() {
    return (double) faultsInjected() / Math.max(1, runs);
  }

  /** The report {@code bin/simulate --chaos} prints after its progress bar. */
  public String report() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("chaos: %d runs (seeds %d..%d), %d replicas (f=%d), %d clients x %d lines%n",
        runs, options.fromSeed(), options.fromSeed() + runs - 1, options.replicas(), options.f(),
        options.clients(), options.linesPerClient()));
    out.append(String.format("virtual time: %.1f s in %.1f s wall (%.0f virtual s per wall s, %.1f seeds/s)%n",
        virtualMillis / 1000.0, wallMillis / 1000.0, virtualSecondsPerWallSecond(), seedsPerSecond()));
    out.append(String.format("faults injected: %d (%.0f per run):", faultsInjected(), faultsPerRun()));
    for (FaultKind kind : FaultKind.values()) {
      out.append(' ').append(kind.name().toLowerCase()).append('=').append(faults.getOrDefault(kind, 0L));
    }
    out.append(String.format("%nslowest settle after faults stopped: %d ms%n", maxSettleMillis));
    single.ifPresent(run -> {
      out.append(run.plan().describe()).append(System.lineSeparator());
      out.append("trace hash: ").append(run.traceHashHex()).append(System.lineSeparator());
    });
    out.append(String.format("violations: %d%n", violations.size()));
    for (int i = 0; i < violations.size() && i < LISTED; i++) {
      Violation violation = violations.get(i);
      out.append(violation.headline()).append(System.lineSeparator());
      if (i < TRACED) {
        out.append("  last events:").append(System.lineSeparator());
        for (String line : violation.traceTail()) {
          out.append("    ").append(line).append(System.lineSeparator());
        }
      }
      out.append("  replay: ").append(options.replayCommand(violation.seed())).append(System.lineSeparator());
    }
    if (violations.size() > LISTED) {
      out.append(String.format("... and %d more%n", violations.size() - LISTED));
    }
    out.append(clean() ? "verdict: CLEAN" : "verdict: VIOLATED").append(System.lineSeparator());
    return out.toString();
  }
}
