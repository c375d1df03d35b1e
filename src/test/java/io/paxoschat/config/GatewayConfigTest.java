package io.paxoschat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code gateways} list of a cluster file: read, and refused with one line when it cannot work. */
class GatewayConfigTest {

  private static final Path SOURCE = Path.of("gw.conf");
  private static final String CLUSTER = "f = 1\n"
      + "replicas = [ { id = 0, host = \"127.0.0.1\", port = 30000 }, { id = 1, host = \"127.0.0.1\", port = 30001 },"
      + " { id = 2, host = \"127.0.0.1\", port = 30002 } ]\n"
      + "clients = [ { id = 0, host = \"127.0.0.1\", port = 30100 }, { id = 1, host = \"127.0.0.1\", port = 30101 } ]\n";

  private static String refused(String gateways) {
    ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.parse(CLUSTER + gateways, SOURCE));
    assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  /** Gateway 0 on port 30200 with HTTP on 8080, and {@code keys}. */
  private static String refusedGateway(String keys) {
    return refused("gateways = [ { id = 0, host = \"127.0.0.1\", port = 30200, http-port = 8080, " + keys + " } ]");
  }

  @Test
  void aGatewayIsReadWithItsDefaults() {
    ClusterConfig config = ClusterConfig.parse(CLUSTER
        + "gateways = [ { id = 0, host = \"127.0.0.1\", port = 30200, http-port = 8080, client-ids = [100, 199] } ]\n",
        SOURCE);
    GatewayConfig gateway = config.gateway(0);
    assertEquals(new GatewayConfig(0, "127.0.0.1", 30200, 8080, 100, 199, GatewayConfig.DEFAULT_MAX_NAME_CHARS,
        GatewayConfig.DEFAULT_LINES_PER_SECOND), gateway);
    assertEquals(gateway, config.gatewayHosting(150));
    assertNull(config.gatewayHosting(1));
    assertNull(config.gatewayHosting(200));
    assertEquals(99, gateway.tabIds());
    assertEquals(config.gateways(), config.acrossProcesses().gateways());
  }

  @Test
  void theShippedConfigsListAGateway() {
    for (String file : new String[] {"conf/cluster-f1.conf", "conf/cluster-f2.conf"}) {
      ClusterConfig config = ClusterConfig.load(Path.of(file));
      assertEquals(1, config.gateways().size(), file);
    }
  }

  @Test
  void aBlockOverlappingTheClientsOrAnotherGatewayIsRefused() {
    assertTrue(refusedGateway("client-ids = [1, 10]").contains("overlap the clients' ids 0..1"));
    assertTrue(refusedGateway("client-ids = [100, 199] },"
        + " { id = 1, host = \"127.0.0.1\", port = 30201, http-port = 8081, client-ids = [150, 250]")
        .contains("overlap those of gateway 0"));
  }

  @Test
  void badRangesAndValuesAreRefused() {
    assertTrue(refusedGateway("client-ids = [199, 100]").contains("is not a range"));
    assertTrue(refusedGateway("client-ids = [100, 100]").contains("is not a range"));
    assertTrue(refusedGateway("client-ids = [100]").contains("client-ids must be [first, last]"));
    assertTrue(refusedGateway("client-ids = [100, 199], lines-per-second = 0").contains("lines-per-second"));
    assertTrue(refusedGateway("client-ids = [100, 199], max-name-chars = 0").contains("max-name-chars"));
    assertTrue(refusedGateway("client-ids = [100, 199], colour = red").contains("unknown key 'gateways[0].colour'"));
    assertTrue(refused("gateways = [ { id = 1, host = \"127.0.0.1\", port = 30200, http-port = 8080,"
        + " client-ids = [100, 199] } ]").contains("gateway ids must be 0..0"));
    assertTrue(refused("gateways = [ { id = 0, host = \"127.0.0.1\", port = 30200, http-port = 70000,"
        + " client-ids = [100, 199] } ]").contains("outside 1..65535"));
    assertTrue(refused("gateways = [ { id = 0, host = \"127.0.0.1\", port = 30100, http-port = 8080,"
        + " client-ids = [100, 199] } ]").contains("used by both client 0 and gateway 0"));
    assertTrue(refused("gateways = [ { id = 0, host = \"127.0.0.1\", port = 30200, http-port = 30001,"
        + " client-ids = [100, 199] } ]").contains("used by both replica 1 and gateway 0 (http-port)"));
    assertTrue(refused("gateways = [ { id = 0, host = \"127.0.0.1\", port = 30200, http-port = 8080 } ]")
        .contains("missing key 'gateways[0].client-ids'"));
  }
}
