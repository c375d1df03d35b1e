package io.paxoschat.sim;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import java.util.List;

/**
 * What a run achieved.
 *
 * @param completed every line acknowledged and every live replica caught up before the timeout
 * @param finalView the highest view any replica reached: the number of view changes
 * @param toLastAck from cluster start to the last acknowledgement (or to the end, if incomplete)
 * @param failovers for each crashed primary, from its crash to the first decision of a later view
 * @param commitLatencyNanos every acknowledged line, from its first send to its acknowledgement
 * @param restarts each crash and restart of a replica from its data directory, in order
 */
public record SimulationResult(
    boolean completed,
    long acknowledged,
    long totalLines,
    long finalView,
    long droppedMessages,
    long clientRetries,
    Duration toLastAck,
    Duration wallTime,
    List<ReplicaOutcome> replicas,
    List<Duration> failovers,
    Histogram commitLatencyNanos,
    List<RestartOutcome> restarts) {

  public SimulationResult {
    replicas = List.copyOf(replicas);
    failovers = List.copyOf(failovers);
    restarts = List.copyOf(restarts);
  }

  /**
   * One replica at the end of the run.
   *
   * @param slotsServedFromLog slots it sent to lagging peers from its chat log, no longer in memory
   * @param compactions times its acceptor log was rewritten to its live records
   */
  public record ReplicaOutcome(int id, boolean crashed, long executedSlots, long slotsServedFromLog, long compactions) {
    public ReplicaOutcome(int id, boolean crashed, long executedSlots) {
      this(id, crashed, executedSlots, 0, 0);
    }
  }

  /**
   * One restart: replica {@code id} crashed at {@code crashedAt} (from the cluster's start),
   * started again at {@code restartedAt} after reading its files back for {@code replay}, found
   * {@code recoveredSlots} executed there, and reached the slots decided when it came back
   * ({@code behindSlots} more) after {@code catchUp}; null if it never did, or if it could not
   * start ({@code error}).
   */
  public record RestartOutcome(
      int id, Duration crashedAt, Duration restartedAt, Duration replay, long recoveredSlots, long behindSlots,
      Duration catchUp, String error) {}

  public double linesPerSecond() {
    double seconds = toLastAck.toNanos() / 1e9;
    return seconds > 0 ? acknowledged / seconds : 0;
  }
}
