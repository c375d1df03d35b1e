package io.paxoschat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.actor.ReplicaStatus;
import io.paxoschat.paxos.Command;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

  @Test
  void servesTheRegistryAsPrometheusTextOnLocalhost() throws Exception {
    ReplicaMetrics metrics = ReplicaMetrics.withJvmMetrics();
    metrics.meters(new ReplicaStatus(0)).executed(Command.Noop.INSTANCE);
    try (MetricsServer server = MetricsServer.start(metrics.registry(), MetricsServer.DEFAULT_HOST, 0)) {
      assertTrue(server.url().startsWith("http://127.0.0.1:"), server.url());
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.url())).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
          response.headers().toString());
      var families = PrometheusTextParser.parse(response.body());
      assertEquals(1, PrometheusTextParser.value(families, "paxoschat_noop_slots_total", "replica", "0"));
    }
  }

  @Test
  void aPortInUseIsOneClearLine() {
    ReplicaMetrics metrics = new ReplicaMetrics(new io.prometheus.metrics.model.registry.PrometheusRegistry());
    try (MetricsServer first = MetricsServer.start(metrics.registry(), MetricsServer.DEFAULT_HOST, 0)) {
      MetricsPortException e = assertThrows(MetricsPortException.class,
          () -> MetricsServer.start(metrics.registry(), MetricsServer.DEFAULT_HOST, first.port()));
      assertEquals("cannot serve /metrics on 127.0.0.1:" + first.port() + ": the port is in use",
          e.getMessage().replaceFirst(" \\(.*\\)$", ""));
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
  }
}
