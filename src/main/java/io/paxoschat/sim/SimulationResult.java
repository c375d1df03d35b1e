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
    Histogram commitLatencyNanos) {

  /** One replica at the end of the run. */
  public record ReplicaOutcome(int id, boolean crashed, long executedSlots) {}

  public double linesPerSecond() {
    double seconds = toLastAck.toNanos() / 1e9;
    return seconds > 0 ? acknowledged / seconds : 0;
  }
}
