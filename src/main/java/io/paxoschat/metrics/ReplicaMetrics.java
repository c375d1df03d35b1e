package io.paxoschat.metrics;

import io.paxoschat.actor.ReplicaMeters;
import io.paxoschat.actor.ReplicaStatus;
import io.paxoschat.paxos.Command;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The metrics of the replicas in this JVM, in one Prometheus registry, each labelled by
 * {@code replica} (one in a replica process, all of them in a simulation). Names follow etcd's
 * where they mean the same. Counters and histograms are fed through the {@link ReplicaMeters}
 * of each replica; gauges are read from its {@link ReplicaStatus} when scraped.
 */
public final class ReplicaMetrics {

  /** 100 µs doubling to 6.6 s: an fsync on tmpfs up to a commit stalled by a view change. */
  static final double[] SECONDS_BUCKETS = exponentialBuckets(0.0001, 2, 17);

  private static final String REPLICA = "replica";

  private final PrometheusRegistry registry;
  private final Counter leaderChanges;
  private final Counter proposalsCommitted;
  private final Counter noopSlots;
  private final Counter linesExecuted;
  private final Histogram commitLatency;
  private final Histogram fsyncDuration;
  private final Map<Integer, ReplicaStatus> statuses = new ConcurrentSkipListMap<>();
  private final Map<Integer, Meters> meters = new ConcurrentSkipListMap<>();

  /** Registers the replica metrics in {@code registry}; JVM metrics are the caller's choice. */
  public ReplicaMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    gauge("paxoschat_has_leader",
        "1 if the replica leads or follows a leader it does not doubt, else 0 (a view change is under way)",
        status -> !status.crashed() && status.hasLeader() ? 1 : 0);
    gauge("paxoschat_is_leader", "1 if the replica leads its view, else 0",
        status -> !status.crashed() && status.leading() ? 1 : 0);
    gauge("paxoschat_proposals_pending",
        "Undecided slots and queued lines of the replica as leader (0 on followers)",
        status -> status.crashed() ? 0 : status.pendingProposals());
    gauge("paxoschat_view", "The view the replica follows or leads", ReplicaStatus::view);
    gauge("paxoschat_executed_slots", "Slots in the replica's chat log (executed in order from slot 0)",
        ReplicaStatus::executedUpTo);
    leaderChanges = counter("paxoschat_leader_changes_seen",
        "Times the view the replica follows or leads moved on (a new leader)");
    proposalsCommitted = counter("paxoschat_proposals_committed",
        "Slots the replica executed into its chat log, no-op slots included");
    noopSlots = counter("paxoschat_noop_slots", "No-op slots the replica executed (holes filled, lines left out)");
    linesExecuted = counter("paxoschat_lines_executed", "Chat lines the replica executed into its chat log");
    CounterWithCallback.builder()
        .name("paxoschat_messages_dropped")
        .help("Messages to the replica's roles that were lost on the way, by cause")
        .labelNames(REPLICA, "cause")
        .callback(callback -> meters.values().forEach(m -> m.droppedByCause().forEach(
            (cause, count) -> callback.call(count, String.valueOf(m.replica), cause))))
        .register(registry);
    commitLatency = Histogram.builder()
        .name("paxoschat_commit_latency_seconds")
        .help("From a leader's first Accept of a slot to its decision by a majority")
        .labelNames(REPLICA)
        .classicOnly()
        .classicUpperBounds(SECONDS_BUCKETS)
        .register(registry);
    fsyncDuration = Histogram.builder()
        .name("paxoschat_fsync_duration_seconds")
        .help("How long one fsync of the replica's acceptor log or chat log took")
        .labelNames(REPLICA, "file")
        .classicOnly()
        .classicUpperBounds(SECONDS_BUCKETS)
        .register(registry);
  }

  /** Replica metrics and the JVM's (memory, garbage collection, threads, ...) in a registry of their own. */
  public static ReplicaMetrics withJvmMetrics() {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    return new ReplicaMetrics(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * What the actors of the replica that publishes {@code status} report to; the same for every
   * incarnation of one replica, so its counters go on across a restart in one JVM.
   */
  public ReplicaMeters meters(ReplicaStatus status) {
    statuses.put(status.id(), status);
    return meters.computeIfAbsent(status.id(), Meters::new);
  }

  /**
   * Counts as dropped with {@code cause} what {@code count} says were dropped at replica {@code
   * replica} outside its roles (at the door of its process, for instance).
   */
  public void countDrops(int replica, String cause, LongSupplier count) {
    meters.computeIfAbsent(replica, Meters::new).countedElsewhere.put(cause, count);
  }

  private void gauge(String name, String help, ToDoubleFunction<ReplicaStatus> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(REPLICA)
        .callback(callback -> statuses.values().forEach(
            status -> callback.call(value.applyAsDouble(status), String.valueOf(status.id()))))
        .register(registry);
  }

  private Counter counter(String name, String help) {
    return Counter.builder().name(name).help(help).labelNames(REPLICA).register(registry);
  }

  private static double[] exponentialBuckets(double start, double factor, int count) {
    double[] bounds = new double[count];
    for (int i = 0; i < count; i++) {
      bounds[i] = start * Math.pow(factor, i);
    }
    return bounds;
  }

  /** One replica's instruments, their labels bound once so that reporting does no lookup. */
  private final class Meters implements ReplicaMeters {

    private final int replica;
    private final CounterDataPoint leaderChangesSeen;
    private final CounterDataPoint committed;
    private final CounterDataPoint noops;
    private final CounterDataPoint lines;
    private final DistributionDataPoint latency;
    private final Map<String, DistributionDataPoint> fsyncs = new ConcurrentHashMap<>();
    /** What its roles dropped, by cause. */
    private final Map<String, LongAdder> lost = new ConcurrentHashMap<>();
    /** Drops counted outside its roles ({@link #countDrops}), by cause. */
    private final Map<String, LongSupplier> countedElsewhere = new ConcurrentHashMap<>();

    Meters(int replica) {
      this.replica = replica;
      String label = String.valueOf(replica);
      leaderChangesSeen = leaderChanges.labelValues(label);
      committed = proposalsCommitted.labelValues(label);
      noops = noopSlots.labelValues(label);
      lines = linesExecuted.labelValues(label);
      latency = commitLatency.labelValues(label);
    }

    @Override
    public void leaderChangeSeen() {
      leaderChangesSeen.inc();
    }

    @Override
    public void committed(long nanos) {
      latency.observe(nanos / 1e9);
    }

    @Override
    public void executed(Command command) {
      committed.inc();
      if (command instanceof Command.Noop) {
        noops.inc();
      } else if (command instanceof Command.Batch batch) {
        lines.inc(batch.lines().size());
      }
    }

    @Override
    public void fsynced(String file, long nanos) {
      fsyncs.computeIfAbsent(file, f -> fsyncDuration.labelValues(String.valueOf(replica), f)).observe(nanos / 1e9);
    }

    @Override
    public void dropped(String cause) {
      lost.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    /** Dropped messages by cause, wherever they were counted. */
    Map<String, Long> droppedByCause() {
      Map<String, Long> byCause = new TreeMap<>();
      lost.forEach((cause, count) -> byCause.merge(cause, count.sum(), Long::sum));
      countedElsewhere.forEach((cause, count) -> byCause.merge(cause, count.getAsLong(), Long::sum));
      return byCause;
    }
  }
}
