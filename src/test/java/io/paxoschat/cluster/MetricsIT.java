package io.paxoschat.cluster;

import static io.paxoschat.cluster.NodeProcessHarness.assertContains;
import static io.paxoschat.cluster.NodeProcessHarness.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.chatlog.ChatLogFormat;
import io.paxoschat.chatlog.LogEntry;
import io.paxoschat.metrics.MetricsScrape;
import io.paxoschat.paxos.Command;
import io.paxoschat.remote.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each replica process serves /metrics on the port its block of the config names, and it tells the truth. */
class MetricsIT {

  private static final Duration SCRAPE_AGREES = Duration.ofSeconds(30);
  private static final Pattern REPLICA_PORT = Pattern.compile("(\\{ id = (\\d), host = \"127\\.0\\.0\\.1\", port = \\d+) }");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyReplicaServesCountersThatAgreeWithItsChatLog(@TempDir Path dir) throws Exception {
    try (NodeProcessHarness cluster = new NodeProcessHarness(dir, "", new ArrayList<>(List.of(
        NodeProcessHarness.lines(0, 8), NodeProcessHarness.lines(1, 8), NodeProcessHarness.lines(2, 8))))) {
      List<Integer> metricsPorts = withMetricsPorts(cluster.config);

      assertExit(0, cluster.cluster("start"), "cluster start");
      NodeProcessHarness.Run status = cluster.cluster("status");
      for (int port : metricsPorts) {
        assertContains(status.out(), "metrics http://127.0.0.1:" + port + "/metrics");
      }
      assertExit(0, cluster.cluster("clients", "--messages", cluster.messages.toString()), "cluster clients");
      cluster.awaitCompleteIdenticalLogs(Set.of(0, 1, 2), Duration.ofSeconds(60));

      double leaders = 0;
      for (int id = 0; id < 3; id++) {
        MetricsScrape scrape = scrapeAgreeingWithLog(cluster, id, metricsPorts.get(id));
        String replica = String.valueOf(id);
        assertEquals(1, scrape.value("paxoschat_has_leader", "replica", replica), "replica " + id);
        leaders += scrape.value("paxoschat_is_leader", "replica", replica);
        assertTrue(scrape.value("paxoschat_fsync_duration_seconds_count", "replica", replica, "file", "acceptor log") > 0,
            "replica " + id + " timed no fsync of its acceptor log");
        assertEquals("histogram", scrape.type("paxoschat_commit_latency_seconds"));
        assertTrue(scrape.has("jvm_memory_used_bytes"), "JVM metrics of replica " + id);
      }
      assertEquals(1, leaders, "replicas that say they lead");
      assertExit(0, cluster.cluster("stop"), "cluster stop");
    }
  }

  @Test
  void aMetricsPortInUseIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    try (NodeProcessHarness cluster = new NodeProcessHarness(dir, "", new ArrayList<>(List.of(
        NodeProcessHarness.lines(0, 1))));
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      NodeProcessHarness.Run run = cluster.run(Duration.ofSeconds(150), "replica", "--config", cluster.config.toString(),
          "--id", "0", "--logs", cluster.logs.toString(), "--init", "--metrics-port", String.valueOf(taken.getLocalPort()));

      assertExit(2, run, "replica on a metrics port in use");
      List<String> lines = run.out().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), run.out());
      assertContains(lines.get(0), "cannot serve /metrics on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use");
    }
  }

  /** Writes a free metrics-port into each replica's block of the config; returns them by replica id. */
  private static List<Integer> withMetricsPorts(Path config) throws IOException {
    String original = Files.readString(config);
    List<Integer> ports = FreePorts.take(3);
    while (ports.stream().anyMatch(port -> original.contains("port = " + port + " "))) {
      ports = FreePorts.take(3); // one the cluster's own nodes already use
    }
    int clients = original.indexOf("clients = [");
    Matcher m = REPLICA_PORT.matcher(original.substring(0, clients));
    StringBuilder text = new StringBuilder();
    int found = 0;
    while (m.find()) {
      int id = Integer.parseInt(m.group(2));
      m.appendReplacement(text, Matcher.quoteReplacement(m.group(1) + ", metrics-port = " + ports.get(id) + " }"));
      found++;
    }
    m.appendTail(text);
    text.append(original.substring(clients));
    assertEquals(3, found, original);
    Files.writeString(config, text);
    return ports;
  }

  /**
   * Scrapes replica {@code id} until its counters agree with its chat log file (the learner counts
   * a slot as it executes it, the file has it once flushed); fails after {@link #SCRAPE_AGREES}.
   */
  private MetricsScrape scrapeAgreeingWithLog(NodeProcessHarness cluster, int id, int port) throws Exception {
    long deadline = System.nanoTime() + SCRAPE_AGREES.toNanos();
    String replica = String.valueOf(id);
    while (true) {
      MetricsScrape scrape = MetricsScrape.parse(get("http://127.0.0.1:" + port + "/metrics"));
      Set<Long> slots = new HashSet<>();
      long noops = 0;
      long lines = 0;
      for (String line : cluster.logOf(id)) {
        LogEntry entry = ChatLogFormat.parse(line);
        slots.add(entry.slot());
        if (entry.command() instanceof Command.Noop) {
          noops++;
        } else if (entry.command() instanceof Command.Batch) {
          lines++; // a chat line; a session's record line is neither
        }
      }
      String seen = "slots " + scrape.value("paxoschat_proposals_committed_total", "replica", replica)
          + ", no-ops " + scrape.value("paxoschat_noop_slots_total", "replica", replica)
          + ", lines " + scrape.value("paxoschat_lines_executed_total", "replica", replica);
      String logged = "slots " + (double) slots.size() + ", no-ops " + (double) noops + ", lines " + (double) lines;
      if (seen.equals(logged)) {
        return scrape;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("replica " + id + " /metrics says " + seen + "; its chat log holds " + logged);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url);
    return response.body();
  }
}
