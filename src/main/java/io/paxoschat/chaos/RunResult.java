package io.paxoschat.chaos;

import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one simulated run.
 *
 * @param traceHash a hash over every event of the run: equal for two runs of one seed
 * @param virtualMillis virtual time the run covered
 * @param settleMillis from the end of the fault phase to every line acknowledged and every live
 *     log complete, or -1 if the run never got there
 * @param events events the simulator delivered (messages, executions, ticks, faults)
 * @param longestLog slots in the longest replica log
 */
public record RunResult(
    long seed,
    long traceHash,
    long virtualMillis,
    long settleMillis,
    long events,
    long longestLog,
    Map<FaultKind, Long> faults,
    FaultPhase plan,
    Optional<Violation> violation) {

  public RunResult {
    faults = Map.copyOf(faults);
  }

  public boolean clean() {
    return violation.isEmpty();
  }

  public long faultsInjected() {
    return faults.values().stream().mapToLong(Long::longValue).sum();
  }

  public String traceHashHex() {
    return String.format("%016x", traceHash);
  }
}
