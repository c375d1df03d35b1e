package io.paxoschat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ProtocolSettings;
import io.paxoschat.storage.Durability;
import io.paxoschat.storage.StorageSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigTest {

  @TempDir Path dir;

  private static final String CLIENTS =
      "clients = [ { id = 0, host = \"127.0.0.1\", port = 40000 } ]\n";

  private static String replicas(int... ports) {
    StringBuilder out = new StringBuilder("replicas = [\n");
    for (int i = 0; i < ports.length; i++) {
      out.append("  { id = ").append(i).append(", host = \"127.0.0.1\", port = ")
          .append(ports[i]).append(" }\n");
    }
    return out.append("]\n").toString();
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** Loads a file that must be refused; returns the one-line message after checking its shape. */
  private String refused(Path file) {
    ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.load(file));
    String message = e.getMessage();
    assertTrue(message.startsWith(file + ": "), "names the file: " + message);
    assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
    return message;
  }

  @Test
  void shippedConfigsLoad() {
    ClusterConfig f1 = ClusterConfig.load(Path.of("conf/cluster-f1.conf"));
    assertEquals(1, f1.f());
    assertEquals(3, f1.replicaCount());
    assertEquals(3, f1.clientCount());
    assertEquals(new NodeAddress(2, "127.0.0.1", 30002), f1.replica(2));
    assertEquals(new NodeAddress(0, "127.0.0.1", 30100), f1.client(0));

    ClusterConfig f2 = ClusterConfig.load(Path.of("conf/cluster-f2.conf"));
    assertEquals(2, f2.f());
    assertEquals(5, f2.replicaCount());
    assertEquals(3, f2.clientCount());
    assertEquals(30004, f2.replica(4).port());
    assertEquals(Duration.ofMillis(5), f2.tick());
    assertEquals(ProtocolSettings.defaults(), f2.protocolSettings());
    assertEquals(4096, f2.maxLineBytes());
    assertEquals(Path.of("conf/cluster-f2.conf"), f2.source());
  }

  @Test
  void aReplicaMayNameAMetricsPortAndNoOtherNodeMay() throws IOException {
    String withMetrics = "f = 1\nreplicas = [\n"
        + "  { id = 0, host = \"127.0.0.1\", port = 30000, metrics-port = 9100 }\n"
        + "  { id = 1, host = \"127.0.0.1\", port = 30001 }\n"
        + "  { id = 2, host = \"127.0.0.1\", port = 30002, metrics-port = 9102 }\n]\n";
    ClusterConfig config = ClusterConfig.load(write("metrics.conf", withMetrics + CLIENTS));
    assertEquals(9100, config.replica(0).metricsPort());
    assertEquals(0, config.replica(1).metricsPort(), "off unless set");
    assertEquals(9102, config.replica(2).metricsPort());

    assertTrue(refused(write("client.conf", withMetrics
        + "clients = [ { id = 0, host = \"127.0.0.1\", port = 40000, metrics-port = 9200 } ]\n"))
        .contains("clients[0].metrics-port: only replicas serve metrics"));
    assertTrue(refused(write("range.conf", withMetrics.replace("9102", "70000") + CLIENTS))
        .contains("replica 2 metrics-port 70000 is outside 1..65535"));
    assertTrue(refused(write("artery.conf", withMetrics.replace("9102", "30001") + CLIENTS))
        .contains("127.0.0.1:30001 is used by both replica 1 and replica 2 metrics-port"));
    assertTrue(refused(write("twice.conf", withMetrics.replace("9102", "9100") + CLIENTS))
        .contains("127.0.0.1:9100 is used by both replica 0 metrics-port and replica 2 metrics-port"));
  }

  @Test
  void missingTimingFallsBackToDefaults() throws IOException {
    Path file = write("minimal.conf", "f = 1\n" + replicas(30000, 30001, 30002) + CLIENTS);
    ClusterConfig config = ClusterConfig.load(file);
    assertEquals(ClusterConfig.DEFAULT_TICK, config.tick());
    assertEquals(ProtocolSettings.defaults(), config.protocolSettings());
    assertEquals(ClusterConfig.DEFAULT_MAX_LINE_BYTES, config.maxLineBytes());
  }

  @Test
  void timingKeysOverrideDefaultsOneByOne() throws IOException {
    Path file =
        write(
            "timing.conf",
            "f = 1\n" + replicas(30000, 30001, 30002) + CLIENTS
                + "timing { tick = 2ms, heartbeat-ticks = 3, client-window = 8 }\n"
                + "max-line-bytes = 100\n");
    ClusterConfig config = ClusterConfig.load(file);
    ProtocolSettings d = ProtocolSettings.defaults();
    assertEquals(Duration.ofMillis(2), config.tick());
    assertEquals(3, config.protocolSettings().heartbeatTicks());
    assertEquals(8, config.protocolSettings().clientWindow());
    assertEquals(d.electionTimeoutMinTicks(), config.protocolSettings().electionTimeoutMinTicks());
    assertEquals(d.maxInFlight(), config.protocolSettings().maxInFlight());
    assertEquals(100, config.maxLineBytes());
  }

  @Test
  void missingFile() {
    String message = refused(dir.resolve("nope.conf"));
    assertTrue(message.endsWith("no such file"), message);
  }

  @Test
  void malformedHocon() throws IOException {
    Path file = write("broken.conf", "f = 1\nreplicas = [ { id = 0\n");
    String message = refused(file);
    assertTrue(message.contains("line "), "points at a line: " + message);
  }

  @Test
  void fNotMatchingReplicas() throws IOException {
    Path file = write("x.conf", "f = 2\n" + replicas(30000, 30001, 30002) + CLIENTS);
    assertEquals(file + ": f = 2 needs 5 replicas, found 3", refused(file));
  }

  @Test
  void fZeroIsRefusedWithAReason() throws IOException {
    Path file = write("f0.conf", "f = 0\n" + replicas(30000) + CLIENTS);
    assertTrue(refused(file).contains("f = 0 tolerates no crash"));
  }

  @Test
  void duplicateIds() throws IOException {
    Path file =
        write(
            "dup.conf",
            "f = 1\nreplicas = [\n"
                + "  { id = 0, host = \"127.0.0.1\", port = 30000 }\n"
                + "  { id = 1, host = \"127.0.0.1\", port = 30001 }\n"
                + "  { id = 1, host = \"127.0.0.1\", port = 30002 }\n"
                + "]\n" + CLIENTS);
    assertEquals(file + ": replica id 1 appears more than once", refused(file));
  }

  @Test
  void idsMustRunFromZero() throws IOException {
    Path file =
        write(
            "gap.conf",
            "f = 1\nreplicas = [\n"
                + "  { id = 0, host = \"127.0.0.1\", port = 30000 }\n"
                + "  { id = 1, host = \"127.0.0.1\", port = 30001 }\n"
                + "  { id = 3, host = \"127.0.0.1\", port = 30002 }\n"
                + "]\n" + CLIENTS);
    assertEquals(file + ": replica ids must be 0..2 in order, found 0, 1, 3", refused(file));
  }

  @Test
  void badPort() throws IOException {
    Path file = write("port.conf", "f = 1\n" + replicas(30000, 70000, 30002) + CLIENTS);
    assertEquals(file + ": replica 1: port 70000 is outside 1..65535", refused(file));
  }

  @Test
  void portOfTheWrongType() throws IOException {
    Path file =
        write(
            "porttype.conf",
            "f = 1\n" + replicas(30000, 30001).replace("]\n", "")
                + "  { id = 2, host = \"127.0.0.1\", port = thirty }\n]\n" + CLIENTS);
    String message = refused(file);
    assertTrue(message.contains("replicas[2].port must be a whole number"), message);
    assertTrue(message.contains(": line 5: "), message);
  }

  @Test
  void decimalPortIsNotTruncated() throws IOException {
    Path file =
        write(
            "decimal.conf",
            "f = 1\n" + replicas(30000, 30001).replace("]\n", "")
                + "  { id = 2, host = \"127.0.0.1\", port = 30002.5 }\n]\n" + CLIENTS);
    assertTrue(refused(file).endsWith("replicas[2].port must be a whole number, found 30002.5"));
  }

  @Test
  void sameAddressTwice() throws IOException {
    Path file =
        write(
            "same.conf",
            "f = 1\n" + replicas(30000, 30001, 30002)
                + "clients = [ { id = 0, host = \"127.0.0.1\", port = 30001 } ]\n");
    assertEquals(file + ": 127.0.0.1:30001 is used by both replica 1 and client 0", refused(file));
  }

  @Test
  void missingKey() throws IOException {
    Path file = write("nof.conf", replicas(30000, 30001, 30002) + CLIENTS);
    assertEquals(file + ": missing key 'f'", refused(file));
  }

  @Test
  void noClients() throws IOException {
    Path file = write("noclients.conf", "f = 1\n" + replicas(30000, 30001, 30002) + "clients = []\n");
    assertTrue(refused(file).contains("no clients"));
  }

  @Test
  void timingThatProtocolSettingsRefuses() throws IOException {
    Path file =
        write(
            "timing.conf",
            "f = 1\n" + replicas(30000, 30001, 30002) + CLIENTS
                + "timing { heartbeat-ticks = 50 }\n");
    assertTrue(refused(file).startsWith(file + ": timing: election timeout"));
  }

  @Test
  void misspelledTimingKeyIsNotSilentlyIgnored() throws IOException {
    Path file =
        write(
            "typo.conf",
            "f = 1\n" + replicas(30000, 30001, 30002) + CLIENTS + "timing { hearbeat-ticks = 2 }\n");
    assertTrue(refused(file).contains("unknown key 'timing.hearbeat-ticks'"));
  }

  @Test
  void badDuration() throws IOException {
    Path file =
        write(
            "tick.conf",
            "f = 1\n" + replicas(30000, 30001, 30002) + CLIENTS + "timing { tick = 5 parsecs }\n");
    assertTrue(refused(file).contains("bad value for timing.tick"));
  }

  @Test
  void storageDefaultsToFsyncInDataWithCompaction() throws IOException {
    Path file = write("minimal.conf", "f = 1\n" + replicas(30000, 30001, 30002) + CLIENTS);
    assertEquals(StorageSettings.defaults(), ClusterConfig.load(file).storage());
    assertEquals(new StorageSettings(Durability.FSYNC, Path.of("data"), true), StorageSettings.defaults());
    assertEquals(StorageSettings.defaults(), ClusterConfig.load(Path.of("conf/cluster-f2.conf")).storage());
  }

  @Test
  void storageKeysOverrideDefaults() throws IOException {
    Path file = write("storage.conf", "f = 1\n" + replicas(30000, 30001, 30002) + CLIENTS
        + "storage { durability = os, data-dir = \"/var/lib/chat\", compaction = off }\n");
    assertEquals(new StorageSettings(Durability.OS, Path.of("/var/lib/chat"), false), ClusterConfig.load(file).storage());
  }

  @Test
  void unknownDurabilityIsRefusedNamingTheChoices() throws IOException {
    Path file = write("dur.conf", "f = 1\n" + replicas(30000, 30001, 30002) + CLIENTS
        + "storage {\n  durability = sometimes\n}\n");
    assertEquals(file + ": line 9: storage.durability must be fsync, os or memory, found 'sometimes'", refused(file));
  }

  @Test
  void misspelledStorageKeyIsNotSilentlyIgnored() throws IOException {
    Path file = write("typo.conf", "f = 1\n" + replicas(30000, 30001, 30002) + CLIENTS
        + "storage { data-directory = x }\n");
    assertTrue(refused(file).contains("unknown key 'storage.data-directory' (known: compaction, data-dir, durability)"));
  }

  @Test
  void compactionMustBeOnOrOff() throws IOException {
    Path file = write("comp.conf", "f = 1\n" + replicas(30000, 30001, 30002) + CLIENTS
        + "storage { compaction = sometimes }\n");
    assertTrue(refused(file).contains("storage.compaction must be on or off"), refused(file));
  }

  @Test
  void parseNamesTheGivenSource() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ClusterConfig.parse("f = 1\n" + replicas(1, 2, 3), Path.of("inline.conf")));
    assertEquals("inline.conf: missing key 'clients'", e.getMessage());
  }
}
