package io.paxoschat.sim;

import io.paxoschat.fault.FaultPlan;
import io.paxoschat.paxos.ProtocolSettings;
import java.time.Duration;
import java.util.List;

/**
 * One run of the whole cluster in one JVM.
 *
 * @param clientLines the lines each client sends, client {@code i} at index {@code i}
 * @param timeout the run gives up (and fails) after this long
 */
public record SimulationSpec(
    int replicaCount,
    List<List<String>> clientLines,
    ProtocolSettings settings,
    Duration tick,
    FaultPlan faults,
    Duration timeout) {

  public SimulationSpec {
    clientLines = clientLines.stream().map(List::copyOf).toList();
  }

  public long totalLines() {
    return clientLines.stream().mapToLong(List::size).sum();
  }
}
