package io.paxoschat.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.actor.ReplicaState;
import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.events.EventClock;
import io.paxoschat.events.JsonLinesRecorder;
import io.paxoschat.events.Sampling;
import io.paxoschat.fault.InjectedFaults;
import io.paxoschat.sim.Simulation;
import io.paxoschat.sim.SimulationResult;
import io.paxoschat.sim.SimulationSpec;
import io.paxoschat.storage.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A 30,000-line run: its record stays bounded and its page under 5 MB, the log table cut and
 * saying so. (How the diagram is aggregated past what can be read: {@link ReportAggregationTest}.)
 */
class ReportSizeIT {

  @Test
  void aThirtyThousandLineRunMakesAPageUnderFiveMegabytes() throws Exception {
    Path out = Path.of("target", "report-size-it");
    Files.createDirectories(out);
    ClusterConfig config = ClusterConfig.load(Path.of("conf/cluster-f1.conf"));
    List<List<String>> lines = IntStream.range(0, 3)
        .mapToObj(client -> IntStream.rangeClosed(1, 10_000).mapToObj(n -> "client " + client + " line " + n).toList())
        .toList();
    Path logs = out.resolve("logs");
    ChatLogFiles.deleteAll(logs);
    SimulationSpec spec = new SimulationSpec(config.replicaCount(), lines, config.protocolSettings(), config.tick(),
        InjectedFaults.none(3), Duration.ofSeconds(300));
    Path events = out.resolve("big.events.jsonl");
    JsonLinesRecorder recorder = JsonLinesRecorder.open(events, EventClock.wall(), Sampling.DEFAULT);
    recorder.header(Map.of("scenario", "30,000 lines", "replicas", 3, "clients", 3));
    SimulationResult result = Simulation.runWithStates(spec,
        id -> ReplicaState.recover(id, config.replicaCount(), config.protocolSettings(),
            config.storage().withDurability(Durability.MEMORY).withDataDir(out.resolve("data")), logs),
        Simulation.ProgressListener.SILENT, recorder);
    recorder.close(Map.of("acknowledged", result.acknowledged(), "lines", result.totalLines()));
    assertTrue(result.completed(), "the run completes");

    Path page = out.resolve("big.html");
    long bytes = Reports.write(List.of(events), logs, page);
    assertTrue(bytes < 5_000_000, "page of " + bytes + " bytes");
    assertTrue(Files.size(events) < 100_000_000, "record of " + Files.size(events) + " bytes");
    String html = Files.readString(page);
    Matcher drawn = Pattern.compile("(\\d+) of (\\d+) recorded messages drawn as arrows").matcher(html);
    assertTrue(drawn.find(), "the page says how many messages it draws");
    assertTrue(Integer.parseInt(drawn.group(1)) <= HtmlReport.MAX_ARROWS);
    assertTrue(html.contains("other lines are left out"), "the page says the log table is cut");
    assertTrue(html.contains("30000 / 30000 acknowledged"), "the header counts every line");
  }
}
