package io.paxoschat.sim;

import io.paxoschat.fault.InjectedFaults;
import io.paxoschat.paxos.ProtocolSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One run of the whole cluster in one JVM.
 *
 * @param clientLines the lines each client sends, client {@code i} at index {@code i}
 * @param timeout the run gives up (and fails) after this long
 * @param restarts replicas that crash during the run and restart from their data directory
 * @param downtime how long a restarted replica stays down
 */
public record SimulationSpec(
    int replicaCount,
    List<List<String>> clientLines,
    ProtocolSettings settings,
    Duration tick,
    InjectedFaults faults,
    Duration timeout,
    List<Restart> restarts,
    Duration downtime) {

  /**
   * Replica {@code replicaId} crashes once {@code at} has passed since the cluster started and
   * clients have {@code afterAcknowledged} lines acknowledged in all, and comes back after the
   * downtime; with {@code waitsForPeersToCompact}, only once every live peer compacted past
   * the slots it had executed (it comes back behind what any learner keeps in memory, however
   * fast or slow the machine runs). Restarts of one replica happen in list order, each after the
   * previous one is back.
   */
  public record Restart(int replicaId, Duration at, long afterAcknowledged, boolean waitsForPeersToCompact) {
    public Restart {
      Objects.requireNonNull(at, "at");
      if (replicaId < 0 || at.isNegative() || afterAcknowledged < 0) {
        throw new IllegalArgumentException("restart needs a replica id >= 0, a time >= 0 and a line count >= 0");
      }
    }

    /** Crash at {@code at} after the start. */
    public Restart(int replicaId, Duration at) {
      this(replicaId, at, 0, false);
    }

    /** Crash once clients have {@code lines} lines acknowledged. */
    public static Restart afterAcknowledged(int replicaId, long lines) {
      return new Restart(replicaId, Duration.ZERO, lines, false);
    }

    /** This restart, back only once every live peer compacted past what it had executed. */
    public Restart backOncePeersCompactedPast() {
      return new Restart(replicaId, at, afterAcknowledged, true);
    }
  }

  public static final Duration DEFAULT_DOWNTIME = Duration.ofMillis(500);

  public SimulationSpec {
    clientLines = clientLines.stream().map(List::copyOf).toList();
    restarts = List.copyOf(restarts);
    for (Restart restart : restarts) {
      if (restart.replicaId() >= replicaCount) {
        throw new IllegalArgumentException("no replica " + restart.replicaId() + " to restart");
      }
    }
    if (downtime.isNegative()) {
      throw new IllegalArgumentException("downtime must not be negative");
    }
  }

  /** A run in which no replica restarts. */
  public SimulationSpec(
      int replicaCount, List<List<String>> clientLines, ProtocolSettings settings, Duration tick,
      InjectedFaults faults, Duration timeout) {
    this(replicaCount, clientLines, settings, tick, faults, timeout, List.of(), DEFAULT_DOWNTIME);
  }

  public long totalLines() {
    return clientLines.stream().mapToLong(List::size).sum();
  }

  /**
   * The run's shape with each client's number of lines, not the lines: a run starts by logging
   * its spec, and the text of a million generated lines was a 100 MB log message.
   */
  @Override
  public String toString() {
    return "SimulationSpec[replicaCount=" + replicaCount
        + ", lines per client=" + clientLines.stream().map(List::size).toList()
        + ", settings=" + settings + ", tick=" + tick + ", faults=" + faults + ", timeout=" + timeout
        + ", restarts=" + restarts + ", downtime=" + downtime + "]";
  }
}
