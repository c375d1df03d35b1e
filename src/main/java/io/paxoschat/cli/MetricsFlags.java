package io.paxoschat.cli;

import io.paxoschat.metrics.MetricsServer;
import picocli.CommandLine.Option;

/** {@code --metrics-port} and {@code --metrics-host}, shared by the commands that run replicas. */
final class MetricsFlags {

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve the replicas' Prometheus metrics at http://HOST:PORT/metrics (0: any free port,"
          + " printed). Off unless given (bin/replica: or metrics-port in the replica's block of the config).")
  Integer port;

  @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = MetricsServer.DEFAULT_HOST,
      description = "Address /metrics listens on. Default: ${DEFAULT-VALUE} (this machine only).")
  String host;

  /** {@code --metrics-port}, else {@code configured} (0: none configured); -1 when metrics are off. */
  int portOr(int configured) {
    if (port != null) {
      if (port < 0 || port > 65_535) {
        throw new UsageException("--metrics-port must be in 0..65535, got " + port);
      }
      return port;
    }
    return configured > 0 ? configured : -1;
  }
}
