package io.paxoschat.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.actor.ReplicaState;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.MessageFiles;
import io.paxoschat.events.EventRecorder;
import io.paxoschat.fault.FaultPlan;
import io.paxoschat.metrics.MetricsScrape;
import io.paxoschat.metrics.ReplicaMetrics;
import io.paxoschat.paxos.Command;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What /metrics says about a run agrees with the chat logs and the summary of that run. */
class SimulationMetricsTest {

  @Test
  void countersAgreeWithTheChatLogsOfARunWithAHoleAndLoss() throws Exception {
    ClusterConfig config = ClusterConfig.load(Path.of("conf/cluster-f1.conf"));
    List<List<String>> lines = MessageFiles.read(Path.of("conf/messages"), config.clientCount(), config.maxLineBytes());
    InMemoryChatLogs logs = new InMemoryChatLogs(config.replicaCount());
    // The primary of view 0 leaves slot 2 empty: a view change, and a no-op slot to fill it.
    SimulationSpec spec = new SimulationSpec(config.replicaCount(), lines, config.protocolSettings(),
        config.tick(), new FaultPlan(0, 2, 0.05, 3), Duration.ofSeconds(90));
    ReplicaMetrics metrics = new ReplicaMetrics(new PrometheusRegistry());

    SimulationResult result = Simulation.runWithStates(spec,
        id -> ReplicaState.fresh(id, config.replicaCount(), config.protocolSettings(), logs.sinkFor(id)),
        Simulation.ProgressListener.SILENT, EventRecorder.OFF, metrics);

    ChatLogAssertions.assertCompleteAndConsistent(result, logs, lines);
    MetricsScrape scrape = MetricsScrape.of(metrics.registry());
    double leaders = 0;
    double dropped = 0;
    double latencies = 0;
    for (int id = 0; id < config.replicaCount(); id++) {
      String replica = String.valueOf(id);
      List<Command> log = logs.log(id);
      long noops = log.stream().filter(c -> c instanceof Command.Noop).count();
      long executedLines = log.stream().mapToLong(c -> c instanceof Command.Batch b ? b.lines().size() : 0).sum();
      assertTrue(noops >= 1, "the hole at slot 2 is a no-op in replica " + id);
      assertEquals(log.size(), scrape.value("paxoschat_proposals_committed_total", "replica", replica), replica);
      assertEquals(log.size(), scrape.value("paxoschat_executed_slots", "replica", replica), replica);
      assertEquals(noops, scrape.value("paxoschat_noop_slots_total", "replica", replica), replica);
      assertEquals(executedLines, scrape.value("paxoschat_lines_executed_total", "replica", replica), replica);
      double changes = scrape.value("paxoschat_leader_changes_seen_total", "replica", replica);
      assertTrue(changes >= 1 && changes <= result.finalView(),
          "replica " + id + " saw " + changes + " leader changes; the run reached view " + result.finalView());
      leaders += scrape.value("paxoschat_is_leader", "replica", replica);
      dropped += scrape.valueOrZero("paxoschat_messages_dropped_total", "replica", replica, "cause", "loss");
      // Each leader times the slots it proposed and saw decided, at most once each.
      double timed = scrape.value("paxoschat_commit_latency_seconds_count", "replica", replica);
      assertTrue(timed <= log.size(), timed + " commits timed by replica " + id + " for " + log.size() + " slots");
      latencies += timed;
    }
    assertTrue(leaders >= 1, "a leader at the end of the run");
    // The run's count also holds what clients lost; the metrics count what replicas' roles lost.
    assertTrue(dropped > 0 && dropped <= result.droppedMessages(), dropped + " of " + result.droppedMessages());
    assertTrue(latencies > 0, "no commit timed");
  }
}
