package io.paxoschat.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paxoschat.remote.StatusReport;
import java.util.ArrayDeque;
import java.util.Deque;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the cluster page shows, as this gateway sees the cluster: each replica's answer to its
 * last status query (up while it answered within {@link #UP_WITHIN_NANOS}), the lines and slots
 * its chat reader saw committed, and the commit latency of its tabs' lines (a line handed to the
 * core client to its acknowledgement). Written by the gateway's actors, read by HTTP streams:
 * every method is synchronized; the figures are small.
 */
final class ClusterView {

  static final long UP_WITHIN_NANOS = 2_000_000_000L;
  /** Samples kept for the chart: one a second. */
  static final int HISTORY_SECONDS = 300;
  private static final int LATENCY_WINDOW_SECONDS = 60;
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Replica(StatusReport report, long heardNanos, double slotsPerSecond) {}

  private record Sample(long epochMillis, double linesPerSecond, double p99Millis, int replicasUp) {}

  private final int replicaCount;
  private final Replica[] replicas;
  private final Recorder latency = new Recorder(3_600_000_000_000L, 3);
  private final Deque<Histogram> latencyWindow = new ArrayDeque<>();
  private final Deque<Sample> history = new ArrayDeque<>();
  private long linesSeen;
  private long slotsSeen;
  private long noopSlots;
  private long linesAtLastSample;
  private long lastSampleNanos = -1;
  private double linesPerSecond;
  private long highestView = -1;
  private int tabs;

  ClusterView(int replicaCount) {
    this.replicaCount = replicaCount;
    this.replicas = new Replica[replicaCount];
  }

  synchronized void status(StatusReport report, long nowNanos) {
    int id = report.replicaId();
    if (id < 0 || id >= replicaCount) {
      return;
    }
    Replica before = replicas[id];
    double rate = before == null ? 0 : before.slotsPerSecond();
    if (before != null && nowNanos > before.heardNanos()) {
      rate = (report.executedUpTo() - before.report().executedUpTo()) * 1e9 / (nowNanos - before.heardNanos());
    }
    replicas[id] = new Replica(report, nowNanos, Math.max(0, rate));
    highestView = Math.max(highestView, report.view());
  }

  /** The chat reader moved over {@code slots} slots holding {@code lines} lines. */
  synchronized void committed(long slots, long lines, long slotsWithLines) {
    slotsSeen += slots;
    linesSeen += lines;
    noopSlots += Math.max(0, slots - slotsWithLines);
  }

  void latency(long nanos) {
    latency.recordValue(Math.max(0, nanos));
  }

  synchronized void tabs(int count) {
    tabs = count;
  }

  /** Replicas that answered lately. */
  synchronized int replicasUp(long nowNanos) {
    int up = 0;
    for (Replica replica : replicas) {
      if (replica != null && nowNanos - replica.heardNanos() < UP_WITHIN_NANOS) {
        up++;
      }
    }
    return up;
  }

  synchronized boolean majority(long nowNanos) {
    return replicasUp(nowNanos) > replicaCount / 2;
  }

  /** The replica that says it leads the highest view among those up, or -1. */
  synchronized int leader(long nowNanos) {
    int leader = -1;
    long view = -1;
    for (Replica replica : replicas) {
      if (replica != null && nowNanos - replica.heardNanos() < UP_WITHIN_NANOS && replica.report().leading()
          && replica.report().view() > view) {
        leader = replica.report().replicaId();
        view = replica.report().view();
      }
    }
    return leader;
  }

  synchronized long view() {
    return Math.max(0, highestView);
  }

  /**
   * View changes since the cluster began in view 0: each moves the view on by at least one, so
   * the highest view any replica reports counts them, whether or not this gateway watched them
   * happen (a view begun by votes that then met on a later one counts as one too).
   */
  synchronized long viewChanges() {
    return view();
  }

  /** Once a second: the rate of the last second and a point of the chart. */
  synchronized void sample(long nowNanos, long epochMillis) {
    if (lastSampleNanos >= 0 && nowNanos > lastSampleNanos) {
      linesPerSecond = (linesSeen - linesAtLastSample) * 1e9 / (nowNanos - lastSampleNanos);
    }
    lastSampleNanos = nowNanos;
    linesAtLastSample = linesSeen;
    latencyWindow.addLast(latency.getIntervalHistogram());
    while (latencyWindow.size() > LATENCY_WINDOW_SECONDS) {
      latencyWindow.removeFirst();
    }
    history.addLast(new Sample(epochMillis, linesPerSecond, lastMinute().getValueAtPercentile(99) / 1e6,
        replicasUp(nowNanos)));
    while (history.size() > HISTORY_SECONDS) {
      history.removeFirst();
    }
  }

  private Histogram lastMinute() {
    Histogram sum = new Histogram(3_600_000_000_000L, 3);
    latencyWindow.forEach(sum::add);
    return sum;
  }

  /** Everything the cluster page shows, as one JSON object. */
  synchronized String json(long nowNanos) {
    ObjectNode root = JSON.createObjectNode();
    int up = replicasUp(nowNanos);
    root.put("replicas", replicaCount).put("up", up).put("majority", up > replicaCount / 2)
        .put("leader", leader(nowNanos)).put("view", view()).put("viewChanges", viewChanges())
        .put("linesPerSecond", Math.round(linesPerSecond * 10) / 10.0).put("lines", linesSeen)
        .put("slots", slotsSeen).put("noopSlots", noopSlots)
        .put("noopShare", slotsSeen == 0 ? 0 : (double) noopSlots / slotsSeen).put("tabs", tabs)
        .put("gatewayHeapUsedBytes", Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
    Histogram minute = lastMinute();
    root.put("commitCount", minute.getTotalCount())
        .put("commitP50Millis", minute.getTotalCount() == 0 ? null : minute.getValueAtPercentile(50) / 1e6)
        .put("commitP99Millis", minute.getTotalCount() == 0 ? null : minute.getValueAtPercentile(99) / 1e6);
    ArrayNode list = root.putArray("nodes");
    for (int id = 0; id < replicaCount; id++) {
      Replica replica = replicas[id];
      ObjectNode node = list.addObject().put("id", id);
      boolean isUp = replica != null && nowNanos - replica.heardNanos() < UP_WITHIN_NANOS;
      node.put("up", isUp);
      if (replica != null) {
        node.put("view", replica.report().view()).put("leading", isUp && replica.report().leading())
            .put("executedUpTo", replica.report().executedUpTo()).put("commitIndex", replica.report().commitIndex())
            .put("pending", replica.report().pendingProposals())
            .put("slotsPerSecond", isUp ? Math.round(replica.slotsPerSecond() * 10) / 10.0 : 0)
            .put("lastHeardMillis", (nowNanos - replica.heardNanos()) / 1_000_000);
      }
    }
    ArrayNode points = root.putArray("history");
    for (Sample sample : history) {
      points.addObject().put("t", sample.epochMillis()).put("linesPerSecond", Math.round(sample.linesPerSecond()))
          .put("p99Millis", Math.round(sample.p99Millis() * 10) / 10.0).put("up", sample.replicasUp());
    }
    return root.toString();
  }
}
