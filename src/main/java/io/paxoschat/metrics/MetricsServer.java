package io.paxoschat.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Serves a registry over HTTP at {@code /metrics} (Prometheus text format, or what the scraper
 * asks for), with the Prometheus client's own server on the JDK's HTTP server: no Pekko HTTP in a
 * replica. Its threads are daemons, so it never keeps a JVM alive. A server that already runs
 * (the web gateway) mounts {@link PrometheusText} on a route of its own instead.
 */
public final class MetricsServer implements AutoCloseable {

  /** Where {@code /metrics} binds unless told otherwise: this machine only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  private final HTTPServer server;
  private final String host;

  private MetricsServer(HTTPServer server, String host) {
    this.server = server;
    this.host = host;
  }

  /**
   * Serves {@code registry} on {@code host:port} (port 0: any free port).
   *
   * @throws MetricsPortException if the port is taken or the host is not an address of this machine
   */
  public static MetricsServer start(PrometheusRegistry registry, String host, int port) {
    try {
      return new MetricsServer(
          HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart(), host);
    } catch (IOException | UncheckedIOException e) {
      throw new MetricsPortException(host + ":" + port, e);
    }
  }

  public int port() {
    return server.getPort();
  }

  /** Where a scraper finds the metrics. */
  public String url() {
    return "http://" + host + ":" + port() + "/metrics";
  }

  @Override
  public void close() {
    server.close();
  }
}
