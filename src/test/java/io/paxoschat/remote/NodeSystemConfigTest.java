package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node's actor system is told: where to listen, which transport, and what it refuses. */
class NodeSystemConfigTest {

  @TempDir Path dir;

  private ClusterConfig load(String extra) throws IOException {
    Path file = dir.resolve("cluster.conf");
    Files.writeString(file, FreePorts.clusterFile(2, extra));
    return ClusterConfig.load(file);
  }

  @Test
  void aNodeListensOnItsConfiguredAddressOverPlainTcp() throws IOException {
    ClusterConfig cluster = load("");
    Config config = NodeSystemConfig.forNode(cluster, NodeId.client(1));

    assertEquals("remote", config.getString("pekko.actor.provider"));
    assertEquals("tcp", config.getString("pekko.remote.artery.transport"));
    assertEquals("127.0.0.1", config.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals(cluster.client(1).port(), config.getInt("pekko.remote.artery.canonical.port"));
    assertTrue(config.getBoolean("pekko.remote.artery.untrusted-mode"));
    assertFalse(config.getBoolean("pekko.remote.warn-about-direct-use"));
    assertFalse(config.getBoolean("pekko.actor.allow-java-serialization"), "application.conf underneath");
    assertEquals("paxos-wire", config.getString("pekko.actor.serialization-bindings.\"io.paxoschat.paxos.WireMessage\""));
  }

  @Test
  void behindItsFrontDoorArteryListensOnAPrivateLoopbackPortAndWithoutItOnTheNodesPort() throws IOException {
    Config behind = NodeSystemConfig.forNode(load(""), NodeId.replica(0));
    assertEquals("127.0.0.1", behind.getString("pekko.remote.artery.bind.hostname"));
    assertEquals(0, behind.getInt("pekko.remote.artery.bind.port"));

    Config alone = NodeSystemConfig.forNode(load("front-door.enabled = off\n"), NodeId.replica(0));
    assertEquals("", alone.getString("pekko.remote.artery.bind.port"), "Artery's default: the canonical port");
  }

  @Test
  void theClusterFilesPekkoBlockTunesButCannotMoveANode() throws IOException {
    ClusterConfig cluster = load("pekko.remote.artery.advanced.outbound-message-queue-size = 5000\n"
        + "pekko.remote.artery.canonical.port = 1\n");
    Config config = NodeSystemConfig.forNode(cluster, NodeId.replica(2));

    assertEquals(5000, config.getInt("pekko.remote.artery.advanced.outbound-message-queue-size"));
    assertEquals(cluster.replica(2).port(), config.getInt("pekko.remote.artery.canonical.port"));
  }

  @Test
  void theTcpLayerCapsTheChannelsANodeKeepsOpenAndTheClusterFileMayChangeTheCap() throws IOException {
    assertEquals(NodeSystemConfig.DEFAULT_MAX_CHANNELS,
        NodeSystemConfig.forNode(load(""), NodeId.replica(0)).getInt(NodeSystemConfig.MAX_CHANNELS));
    assertEquals(300, NodeSystemConfig.forNode(load("pekko.io.tcp.max-channels = 300\n"), NodeId.replica(0))
        .getInt(NodeSystemConfig.MAX_CHANNELS));
  }

  @Test
  void arteryWaitsLongerThanPekkosThreeSecondsToBindAndTheClusterFileMayChangeIt() throws IOException {
    assertEquals(Duration.ofSeconds(30),
        NodeSystemConfig.forNode(load(""), NodeId.replica(0)).getDuration(NodeSystemConfig.BIND_TIMEOUT));
    assertEquals(Duration.ofSeconds(5), NodeSystemConfig.forNode(
        load("pekko.remote.artery.bind.bind-timeout = 5s\n"), NodeId.replica(0)).getDuration(NodeSystemConfig.BIND_TIMEOUT));
  }

  @Test
  void oneInboundLaneAndChaChaForTlsUnlessTheClusterFileSaysOtherwise() throws IOException {
    Config defaults = NodeSystemConfig.forNode(load(""), NodeId.replica(0));
    assertEquals(1, defaults.getInt(NodeSystemConfig.INBOUND_LANES));
    assertEquals(List.of("TLS_CHACHA20_POLY1305_SHA256"), defaults.getStringList(NodeSystemConfig.TLS_CIPHER_SUITES));

    Config tuned = NodeSystemConfig.forNode(load("pekko.remote.artery.advanced.inbound-lanes = 4\n"
        + "pekko.remote.artery.ssl.config-ssl-engine.enabled-algorithms = [TLS_AES_128_GCM_SHA256]\n"),
        NodeId.replica(0));
    assertEquals(4, tuned.getInt(NodeSystemConfig.INBOUND_LANES));
    assertEquals(List.of("TLS_AES_128_GCM_SHA256"), tuned.getStringList(NodeSystemConfig.TLS_CIPHER_SUITES));
  }

  @Test
  void arteryAndPekkosTcpRunOnTheDefaultDispatcherUnlessTheClusterFileSaysOtherwise() throws IOException {
    ClusterConfig cluster = load("");
    Config defaults = NodeSystemConfig.forNode(cluster, NodeId.replica(0));
    for (String key : NodeSystemConfig.TRANSPORT_DISPATCHERS) {
      assertEquals("pekko.actor.default-dispatcher", defaults.getString(key), key);
    }
    int threads = NodeSystemConfig.dispatcherThreads(Runtime.getRuntime().availableProcessors(),
        cluster.nodesOnHost(cluster.replica(0).host()));
    assertEquals(threads, defaults.getInt(NodeSystemConfig.DISPATCHER_THREADS_MIN));
    assertEquals(threads, defaults.getInt(NodeSystemConfig.DISPATCHER_THREADS_MAX));
    assertEquals(Duration.ofSeconds(2), defaults.getDuration(NodeSystemConfig.ACTOR_REF_COMPRESSION));

    Config tuned = NodeSystemConfig.forNode(load("pekko.remote.artery.advanced.use-dispatcher = "
        + "\"pekko.remote.default-remote-dispatcher\"\n"
        + "pekko.actor.default-dispatcher.fork-join-executor { parallelism-min = 8, parallelism-max = 8 }\n"),
        NodeId.replica(0));
    assertEquals("pekko.remote.default-remote-dispatcher",
        tuned.getString("pekko.remote.artery.advanced.use-dispatcher"));
    assertEquals(8, tuned.getInt(NodeSystemConfig.DISPATCHER_THREADS_MIN));
    assertEquals(8, tuned.getInt(NodeSystemConfig.DISPATCHER_THREADS_MAX));
  }

  @Test
  void nodesThatShareAHostShareItsCoresAndANodeAloneKeepsAThreadPerCore() throws IOException {
    assertEquals(1, NodeSystemConfig.dispatcherThreads(2, 6), "a cluster of 3 + 3 on two cores");
    assertEquals(2, NodeSystemConfig.dispatcherThreads(16, 6));
    assertEquals(8, NodeSystemConfig.dispatcherThreads(8, 1), "alone on eight cores");
    assertEquals(1, NodeSystemConfig.dispatcherThreads(1, 1));

    Path file = dir.resolve("spread.conf");
    Files.writeString(file, "f = 1\nreplicas = [\n"
        + "  { id = 0, host = \"127.0.0.1\", port = 25520 }\n"
        + "  { id = 1, host = \"localhost\", port = 25521 }\n"
        + "  { id = 2, host = \"10.0.0.3\", port = 25522 }\n]\n"
        + "clients = [ { id = 0, host = \"10.0.0.3\", port = 25530 } ]\n");
    ClusterConfig spread = ClusterConfig.load(file);
    assertEquals(2, spread.nodesOnHost("127.0.0.1"), "loopback however written");
    assertEquals(2, spread.nodesOnHost("10.0.0.3"));
    assertEquals(0, spread.nodesOnHost("10.0.0.9"));
  }

  @Test
  void pekkosSchedulerTicksAtHalfTheProcessTickAtMostEveryTenMilliseconds() throws IOException {
    // A fixed-delay timer fires at the scheduler's first tick after its delay: the roles get the
    // tick less one scheduler tick (SchedulerTick), so their 20 ms tick still comes every 20 ms.
    assertEquals(Duration.ofMillis(10), schedulerTick(load("process-timing.tick = 20ms\n")));
    assertEquals(Duration.ofMillis(5), schedulerTick(load("process-timing.tick = 10ms\n")));
    assertEquals(Duration.ofMillis(1), schedulerTick(load("timing.tick = 5ms\n")),
        "without process-timing.tick the protocol's 5 ms tick is the processes' too");
    assertEquals(Duration.ofMillis(2), schedulerTick(
        load("process-timing.tick = 20ms\npekko.scheduler.tick-duration = 2ms\n")), "the cluster file may change it");
  }

  @Test
  void theShippedClusterFilesLetNodesTickEveryTenMilliseconds() {
    for (String file : List.of("conf/cluster-f1.conf", "conf/cluster-f2.conf")) {
      ClusterConfig shipped = ClusterConfig.load(Path.of(file)).acrossProcesses();
      assertEquals(Duration.ofMillis(10), NodeSystemConfig.forNode(shipped, NodeId.replica(0))
          .getDuration(NodeSystemConfig.SCHEDULER_TICK), file);
    }
  }

  private static Duration schedulerTick(ClusterConfig cluster) {
    return NodeSystemConfig.forNode(cluster.acrossProcesses(), NodeId.replica(0))
        .getDuration(NodeSystemConfig.SCHEDULER_TICK);
  }

  @Test
  void tlsUsesTheNodesOwnKeyStoreAndMutualAuthentication() throws IOException {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Files.writeString(certs.resolve("truststore.p12"), "");
    Files.writeString(certs.resolve("replica-1.p12"), "");
    ClusterConfig cluster = load("tls { enabled = on, dir = certs, password = \"pw123456\" }\n");
    Config config = NodeSystemConfig.forNode(cluster, NodeId.replica(1));
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";

    assertEquals("tls-tcp", config.getString("pekko.remote.artery.transport"));
    assertEquals(certs.resolve("replica-1.p12").toString(), config.getString(engine + "key-store"));
    assertEquals(certs.resolve("truststore.p12").toString(), config.getString(engine + "trust-store"));
    assertEquals("pw123456", config.getString(engine + "key-store-password"));
    assertTrue(config.getBoolean(engine + "require-mutual-authentication"));
    assertTrue(config.getBoolean(engine + "hostname-verification"));
    assertEquals("TLSv1.3", config.getString(engine + "protocol"));

    ConfigException missing = assertThrows(ConfigException.class,
        () -> NodeSystemConfig.forNode(cluster, NodeId.replica(0)));
    assertTrue(missing.getMessage().contains("replica-0.p12 does not exist"), missing.getMessage());
  }
}
