package io.paxoschat.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The metrics of a web gateway, in one Prometheus registry: its tabs and sessions, the chat lines
 * its tabs sent and saw acknowledged, how long an acknowledgement took, and its WebSocket
 * connections. The gateway's actors and HTTP streams report here from their own threads; the
 * instruments are thread-safe.
 */
public final class GatewayMetrics {

  private final PrometheusRegistry registry;
  private final Gauge tabsOpen;
  private final Gauge sessionsOpen;
  private final Gauge webSockets;
  private final Counter linesSent;
  private final Counter linesAcknowledged;
  private final Histogram ackLatency;

  /** Registers the gateway metrics in {@code registry}; JVM metrics are the caller's choice. */
  public GatewayMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    tabsOpen = Gauge.builder().name("paxoschat_gateway_tabs_open")
        .help("Browser tabs attached to a chat session of the gateway").register(registry);
    sessionsOpen = Gauge.builder().name("paxoschat_gateway_sessions_open")
        .help("Chat sessions the gateway keeps, with or without a tab (one outlives its tab for a grace period)")
        .register(registry);
    webSockets = Gauge.builder().name("paxoschat_gateway_websocket_connections")
        .help("Open WebSocket connections of chat tabs").register(registry);
    linesSent = Counter.builder().name("paxoschat_gateway_lines_sent")
        .help("Chat lines of the gateway's tabs handed to the cluster (each once, retries not counted)")
        .register(registry);
    linesAcknowledged = Counter.builder().name("paxoschat_gateway_lines_acknowledged")
        .help("Chat lines the gateway sent and saw acknowledged as executed").register(registry);
    ackLatency = Histogram.builder().name("paxoschat_gateway_ack_latency_seconds")
        .help("From a line handed to the cluster to its acknowledgement, as the gateway saw it")
        .classicOnly()
        .classicUpperBounds(ReplicaMetrics.SECONDS_BUCKETS)
        .register(registry);
  }

  /** Gateway metrics and the JVM's (memory, garbage collection, threads, ...) in a registry of their own. */
  public static GatewayMetrics withJvmMetrics() {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    return new GatewayMetrics(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void tabsOpen(int tabs) {
    tabsOpen.set(tabs);
  }

  public void sessionsOpen(int sessions) {
    sessionsOpen.set(sessions);
  }

  public void webSocketOpened() {
    webSockets.inc();
  }

  public void webSocketClosed() {
    webSockets.dec();
  }

  public void lineSent() {
    linesSent.inc();
  }

  /** A line this gateway sent was acknowledged {@code nanos} after it went out. */
  public void acknowledged(long nanos) {
    linesAcknowledged.inc();
    ackLatency.observe(Math.max(0, nanos) / 1e9);
  }
}
