package io.paxoschat.sim;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.MessageFiles;
import io.paxoschat.fault.InjectedFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Heavy message loss costs time, never messages or consistency. */
class LossTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void fortyPercentLossOnFiveReplicasCompletesWithConsistentLogs(long seed) throws Exception {
    ClusterConfig config = ClusterConfig.load(Path.of("conf/cluster-f2.conf"));
    List<List<String>> lines = MessageFiles.read(Path.of("conf/messages"), config.clientCount(), config.maxLineBytes());
    InMemoryChatLogs logs = new InMemoryChatLogs(config.replicaCount());
    SimulationSpec spec = new SimulationSpec(config.replicaCount(), lines, config.protocolSettings(),
        config.tick(), new InjectedFaults(0, -1, 0.4, seed), Duration.ofSeconds(90));

    SimulationResult result = Simulation.run(spec, logs::sinkFor, Simulation.ProgressListener.SILENT);

    ChatLogAssertions.assertCompleteAndConsistent(result, logs, lines);
  }

  /**
   * f primaries crash while a fifth of all messages are lost: Decisions lost to every learner
   * while the leader lives (see MessageLossScenarioTest) must not stall the run.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"conf/cluster-f1.conf", "conf/cluster-f2.conf"})
  void fCrashedPrimariesUnderTwentyPercentLossComplete(String configFile) throws Exception {
    ClusterConfig config = ClusterConfig.load(Path.of(configFile));
    List<List<String>> lines = MessageFiles.read(Path.of("conf/messages"), config.clientCount(), config.maxLineBytes());
    InMemoryChatLogs logs = new InMemoryChatLogs(config.replicaCount());
    SimulationSpec spec = new SimulationSpec(config.replicaCount(), lines, config.protocolSettings(),
        config.tick(), new InjectedFaults(config.f(), -1, 0.2, 4), Duration.ofSeconds(90));

    SimulationResult result = Simulation.run(spec, logs::sinkFor, Simulation.ProgressListener.SILENT);

    ChatLogAssertions.assertCompleteAndConsistent(result, logs, lines);
  }
}
