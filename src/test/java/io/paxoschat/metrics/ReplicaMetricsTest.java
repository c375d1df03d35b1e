package io.paxoschat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.actor.ReplicaMeters;
import io.paxoschat.actor.ReplicaStatus;
import io.paxoschat.metrics.PrometheusTextParser.Family;
import io.paxoschat.paxos.Command;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaMetricsTest {

  private static Command batch(int lines) {
    return new Command.Batch(java.util.stream.IntStream.rangeClosed(1, lines)
        .mapToObj(seq -> new Command.ChatLine(0, seq, "line " + seq)).toList());
  }

  private static Map<String, Family> scrape(ReplicaMetrics metrics) {
    return PrometheusTextParser.parse(new String(PrometheusText.scrape(metrics.registry()), StandardCharsets.UTF_8));
  }

  @Test
  void countsWhatEachReplicaReportsUnderItsOwnLabel() {
    ReplicaMetrics metrics = new ReplicaMetrics(new PrometheusRegistry());
    ReplicaMeters zero = metrics.meters(new ReplicaStatus(0));
    ReplicaMeters one = metrics.meters(new ReplicaStatus(1));
    zero.executed(batch(2));
    zero.executed(Command.Noop.INSTANCE);
    zero.executed(batch(1));
    one.executed(batch(5));
    zero.leaderChangeSeen();
    zero.committed(2_000_000);
    zero.committed(300_000_000);
    zero.fsynced("acceptor log", 150_000);
    one.fsynced("chat log", 4_000_000);
    one.dropped("loss");
    one.dropped("loss");

    Map<String, Family> families = scrape(metrics);
    assertEquals(3, PrometheusTextParser.value(families, "paxoschat_proposals_committed_total", "replica", "0"));
    assertEquals(1, PrometheusTextParser.value(families, "paxoschat_proposals_committed_total", "replica", "1"));
    assertEquals(1, PrometheusTextParser.value(families, "paxoschat_noop_slots_total", "replica", "0"));
    assertEquals(0, PrometheusTextParser.value(families, "paxoschat_noop_slots_total", "replica", "1"));
    assertEquals(3, PrometheusTextParser.value(families, "paxoschat_lines_executed_total", "replica", "0"));
    assertEquals(1, PrometheusTextParser.value(families, "paxoschat_leader_changes_seen_total", "replica", "0"));
    assertEquals(2, PrometheusTextParser.value(families, "paxoschat_messages_dropped_total",
        "replica", "1", "cause", "loss"));
    assertEquals("histogram", families.get("paxoschat_commit_latency_seconds").type());
    assertEquals(2, PrometheusTextParser.value(families, "paxoschat_commit_latency_seconds_count", "replica", "0"));
    assertEquals(0.302, PrometheusTextParser.value(families, "paxoschat_commit_latency_seconds_sum", "replica", "0"),
        1e-9);
    // 2 ms falls in the bucket up to 3.2 ms, 300 ms only from 409.6 ms on.
    assertEquals(1, PrometheusTextParser.value(families, "paxoschat_commit_latency_seconds_bucket",
        "replica", "0", "le", "0.0032"));
    assertEquals(2, PrometheusTextParser.value(families, "paxoschat_commit_latency_seconds_bucket",
        "replica", "0", "le", "0.4096"));
    assertEquals(1, PrometheusTextParser.value(families, "paxoschat_fsync_duration_seconds_count",
        "replica", "0", "file", "acceptor log"));
    assertEquals(1, PrometheusTextParser.value(families, "paxoschat_fsync_duration_seconds_count",
        "replica", "1", "file", "chat log"));
    for (String gauge : List.of("paxoschat_has_leader", "paxoschat_is_leader", "paxoschat_proposals_pending")) {
      assertEquals("gauge", families.get(gauge).type(), gauge);
      assertEquals(0, PrometheusTextParser.value(families, gauge, "replica", "1"), gauge);
    }
  }

  @Test
  void oneReplicaKeepsItsCountersAcrossIncarnationsInOneJvm() {
    ReplicaMetrics metrics = new ReplicaMetrics(new PrometheusRegistry());
    ReplicaStatus status = new ReplicaStatus(2);
    metrics.meters(status).executed(batch(1));
    metrics.meters(status).executed(batch(1));
    assertEquals(2, PrometheusTextParser.value(scrape(metrics), "paxoschat_proposals_committed_total", "replica", "2"));
  }

  @Test
  void dropsCountedOutsideTheRolesAddUpWithTheirs() {
    ReplicaMetrics metrics = new ReplicaMetrics(new PrometheusRegistry());
    metrics.meters(new ReplicaStatus(0)).dropped("stranger");
    metrics.countDrops(0, "stranger", () -> 4);
    assertEquals(5, PrometheusTextParser.value(scrape(metrics), "paxoschat_messages_dropped_total",
        "replica", "0", "cause", "stranger"));
  }

  @Test
  void servesJvmMetricsAlongside() {
    Map<String, Family> families = scrape(ReplicaMetrics.withJvmMetrics());
    assertTrue(families.containsKey("jvm_memory_used_bytes"), families.keySet().toString());
    assertTrue(families.containsKey("jvm_threads_current"), families.keySet().toString());
  }

  @Test
  void theParserRefusesWhatPrometheusWouldRefuse() {
    String good = """
        # HELP x_seconds a histogram
        # TYPE x_seconds histogram
        x_seconds_bucket{le="0.1"} 1
        x_seconds_bucket{le="+Inf"} 2
        x_seconds_count 2
        x_seconds_sum 0.3
        """;
    assertEquals(2, PrometheusTextParser.value(PrometheusTextParser.parse(good), "x_seconds_count"));
    List<String> bad = List.of(
        good.replace("x_seconds_count 2", "x_seconds_count 3"),             // +Inf bucket differs from _count
        good.replace("le=\"0.1\"} 1", "le=\"0.1\"} 3"),                     // buckets not cumulative
        good.replace("x_seconds_bucket{le=\"+Inf\"} 2\n", ""),             // no +Inf bucket
        "# TYPE c counter\nc_total -1\n",                                  // a counter below zero
        "# TYPE g gauge\ng{a=\"1\"} 1\ng{a=\"1\"} 2\n",                      // the same sample twice
        "# TYPE g gauge\n# TYPE h gauge\ng 1\nh 1\ng{a=\"2\"} 1\n",          // a family split
        "# TYPE 1g gauge\n1g 1\n",                                         // a bad name
        "# TYPE g gauge\ng{a=1} 1\n",                                      // an unquoted label value
        "# TYPE g gauge\ng{a=\"\\x\"} 1\n",                                 // a bad escape
        "# TYPE g gauge\ng one\n",                                         // a bad value
        "# TYPE g gauge\ng 1",                                             // no final line feed
        "# TYPE g gauge\n# TYPE g counter\ng 1\n");                        // two TYPEs
    for (String text : bad) {
      assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse(text), text);
    }
  }
}
