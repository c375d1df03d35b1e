package io.paxoschat.config;

/**
 * Where one replica or client listens in the multi-JVM mode: Artery on {@code host:port}, and a
 * replica's Prometheus metrics over HTTP on {@code metricsPort} (0: not served unless the
 * command line asks).
 */
public record NodeAddress(int id, String host, int port, int metricsPort) {

  /** A node that serves no metrics. */
  public NodeAddress(int id, String host, int port) {
    this(id, host, port, 0);
  }

  /** {@code host:port}, the form people type and Artery prints. */
  public String hostPort() {
    return host + ":" + port;
  }
}
