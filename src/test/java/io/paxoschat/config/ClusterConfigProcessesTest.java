package io.paxoschat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ProtocolSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of a cluster file only the one-JVM-per-node mode reads: process-timing, tls, pekko. */
class ClusterConfigProcessesTest {

  @TempDir Path dir;

  private static final String NODES = "f = 1\n"
      + "replicas = [\n"
      + "  { id = 0, host = \"127.0.0.1\", port = 30000 }\n"
      + "  { id = 1, host = \"127.0.0.1\", port = 30001 }\n"
      + "  { id = 2, host = \"127.0.0.1\", port = 30002 }\n"
      + "]\n"
      + "clients = [ { id = 0, host = \"127.0.0.1\", port = 40000 } ]\n";

  private ClusterConfig load(String extra) throws IOException {
    Path file = dir.resolve("cluster.conf");
    Files.writeString(file, NODES + extra);
    return ClusterConfig.load(file);
  }

  private String refused(String extra) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(extra));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void processTimingReplacesSingleKeysOfTiming() throws IOException {
    ClusterConfig config = load("timing { tick = 2ms, heartbeat-ticks = 3 }\n"
        + "process-timing { election-timeout-min-ticks = 100, election-timeout-max-ticks = 200 }\n");

    assertEquals(3, config.protocolSettings().heartbeatTicks());
    assertEquals(ProtocolSettings.defaults().electionTimeoutMinTicks(),
        config.protocolSettings().electionTimeoutMinTicks(), "one JVM keeps timing");

    ClusterConfig processes = config.acrossProcesses();
    assertEquals(Duration.ofMillis(2), processes.tick(), "tick comes from timing");
    assertEquals(3, processes.protocolSettings().heartbeatTicks());
    assertEquals(100, processes.protocolSettings().electionTimeoutMinTicks());
    assertEquals(200, processes.protocolSettings().electionTimeoutMaxTicks());
    assertEquals(config.replicas(), processes.replicas());
  }

  @Test
  void withoutProcessTimingBothModesTimeAlike() throws IOException {
    ClusterConfig config = load("");
    assertEquals(config.protocolSettings(), config.acrossProcesses().protocolSettings());
    assertEquals(config.tick(), config.acrossProcesses().tick());
  }

  @Test
  void badProcessTimingNamesTheBlock() {
    assertTrue(refused("process-timing { election-timeout-min-ticks = 1 }\n").contains("process-timing:"));
    assertTrue(refused("process-timing { hearbeat-ticks = 1 }\n").contains("unknown key 'process-timing.hearbeat-ticks'"));
  }

  @Test
  void shippedConfigsAreMorePatientAcrossProcesses() {
    for (String file : new String[] {"conf/cluster-f1.conf", "conf/cluster-f2.conf"}) {
      ClusterConfig config = ClusterConfig.load(Path.of(file));
      assertTrue(config.acrossProcesses().protocolSettings().electionTimeoutMinTicks()
          > config.protocolSettings().electionTimeoutMinTicks(), file);
      assertFalse(config.tls().enabled(), file + ": TLS is opt-in");
    }
  }

  /**
   * Across processes every round costs each node a dozen system calls and thread wake-ups
   * whatever it carries, so the shipped files send bigger requests and batches there than in one
   * JVM, up to the bound a message may take (README, "Bigger batches across processes").
   */
  @Test
  void shippedConfigsBatchMoreAcrossProcesses() {
    for (String file : new String[] {"conf/cluster-f1.conf", "conf/cluster-f2.conf", "conf/cluster-f1-tls.conf"}) {
      ClusterConfig config = ClusterConfig.load(Path.of(file));
      ProtocolSettings oneJvm = config.protocolSettings();
      ProtocolSettings processes = config.acrossProcesses().protocolSettings();
      assertTrue(processes.clientWindow() > oneJvm.clientWindow(), file);
      assertTrue(processes.maxBatchLines() >= processes.clientWindow(), file + ": a slot may hold a whole request of short lines");
      assertEquals(processes.maxMessageBytes(), processes.maxBatchBytes(), file + ": batches as large as a message may be");
    }
  }

  @Test
  void tlsIsOffUnlessTurnedOn() throws IOException {
    assertFalse(load("").tls().enabled());
    assertFalse(load("tls { dir = certs }\n").tls().enabled());
  }

  @Test
  void tlsDirCountsFromTheFilesDirectory() throws IOException {
    TlsConfig tls = load("tls { enabled = on, dir = \"../certs\", password = \"s3cret\" }\n").tls();

    assertTrue(tls.enabled());
    assertEquals(dir.toAbsolutePath().getParent().resolve("certs"), tls.dir());
    assertEquals("s3cret", tls.password());
    assertEquals(tls.dir().resolve("replica-2.p12"), tls.keyStore("replica-2"));
    assertEquals(tls.dir().resolve("truststore.p12"), tls.trustStore());
  }

  @Test
  void tlsWithoutADirectoryIsRefused() {
    assertTrue(refused("tls { enabled = on }\n").contains("tls.dir is missing"));
    assertTrue(refused("tls { enabled = maybe, dir = x }\n").contains("tls.enabled"));
    assertTrue(refused("tls { enabled = on, dir = x, keystore = y }\n").contains("unknown key 'tls.keystore'"));
  }

  @Test
  void thePekkoBlockIsKeptForTheNodesActorSystems() throws IOException {
    ClusterConfig config = load("pekko.remote.artery.advanced.outbound-message-queue-size = 1000\n");
    assertEquals(1000, config.pekko().getInt("pekko.remote.artery.advanced.outbound-message-queue-size"));
    assertTrue(load("").pekko().isEmpty());
  }

  @Test
  void theFrontDoorIsOnByDefaultAndItsBlockChangesSingleKeys() throws IOException {
    assertEquals(FrontDoorConfig.DEFAULTS, load("").frontDoor());
    FrontDoorConfig door = load("front-door { max-connections = 32, handshake-timeout = 800ms }\n").frontDoor();
    assertEquals(new FrontDoorConfig(true, 32, 64, Duration.ofMillis(800)), door);
    assertEquals(10, load("front-door.max-connections-per-address = 10\n").frontDoor().maxConnectionsPerAddress());
    assertFalse(load("front-door.enabled = off\n").frontDoor().enabled());
    assertEquals(door, load("front-door { max-connections = 32, handshake-timeout = 800ms }\n").acrossProcesses()
        .frontDoor(), "the processes' view keeps it");
  }

  @Test
  void thePerAddressLimitByDefaultHoldsEveryNodeOfTheFileOnItsBusiestHost() throws IOException {
    StringBuilder clients = new StringBuilder("clients = [\n");
    for (int id = 0; id < 30; id++) {
      clients.append("  { id = ").append(id).append(", host = \"127.0.0.1\", port = ").append(31_000 + id).append(" }\n");
    }
    clients.append("]\n");
    // 3 replicas and 30 clients on 127.0.0.1: four connections each.
    assertEquals(4 * 33, load(clients.toString()).frontDoor().maxConnectionsPerAddress());
    assertEquals(4 * 33, load(clients + "front-door.max-connections = 32\n").frontDoor().maxConnectionsPerAddress());
    assertEquals(64, load("").frontDoor().maxConnectionsPerAddress(), "four nodes on one host: the floor");
  }

  @Test
  void aFrontDoorThatHoldsNothingOrNeverWaitsIsRefused() {
    assertTrue(refused("front-door.max-connections-per-address = 0\n")
        .contains("front-door.max-connections-per-address must be at least 1"));
    assertTrue(refused("front-door.max-connections = 0\n").contains("front-door.max-connections must be at least 1"));
    assertTrue(refused("front-door.handshake-timeout = 0s\n").contains("front-door.handshake-timeout must be positive"));
    assertTrue(refused("front-door.handshake-timeout = soon\n").contains("front-door.handshake-timeout"));
    assertTrue(refused("front-door.cap = 3\n").contains("unknown key 'front-door.cap'"));
  }
}
