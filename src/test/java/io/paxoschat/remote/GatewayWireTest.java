package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ChatEntry;
import io.paxoschat.paxos.ClientMessage.ChatEntries;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.SessionOpened;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.WireMessage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What travels between gateways and replicas: envelopes for a gateway's clients, status queries and reports. */
class GatewayWireTest {

  private final WireSerializer serializer = new WireSerializer();

  @Test
  void envelopesAndStatusMessagesRoundTrip() throws Exception {
    for (WireMessage message : List.of(
        new ForClient(150, new ChatEntries(2, 7, 9, 3, List.of(new ChatEntry(8, new ChatLine(150, 5, 3, "ann: hi"))))),
        new ForClient(101, new ClientReply(101, 5, 12, 40, 11, 4)),
        new ForClient(101, new SessionOpened(101, 1_700_000_000_000L, 40, 11, 0)),
        StatusQuery.INSTANCE,
        new StatusReport(1, 5, true, 1234, 1240, 3))) {
      byte[] bytes = serializer.toBinary(message);
      assertEquals(message, serializer.fromBinary(bytes, serializer.manifest(message)));
    }
  }

  @Test
  void anEnvelopeHoldsOnlyAClientMessage() {
    WireWriter out = WireWriter.growable(64);
    out.writeInt(150);
    out.writeText("CQ"); // a catch-up request: a learner's message
    out.writeInt(0);
    out.writeLong(0);
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> serializer.fromBinary(out.toByteArray(), "FC"));
    assertTrue(e.getMessage().contains("not a client message"), e.getMessage());
  }

  @Test
  void aClientIdInAGatewaysBlockLivesOnThatGateway() {
    ClusterConfig config = ClusterConfig.parse("f = 1\n"
        + "replicas = [ { id = 0, host = \"127.0.0.1\", port = 1 }, { id = 1, host = \"127.0.0.1\", port = 2 },"
        + " { id = 2, host = \"127.0.0.1\", port = 3 } ]\n"
        + "clients = [ { id = 0, host = \"127.0.0.1\", port = 4 } ]\n"
        + "gateways = [ { id = 0, host = \"127.0.0.1\", port = 5, http-port = 6, client-ids = [100, 199] } ]\n",
        Path.of("test.conf"));
    assertEquals(NodeId.gateway(0), NodeId.hosting(Address.client(150), config));
    assertEquals(NodeId.client(0), NodeId.hosting(Address.client(0), config));
    assertEquals(NodeId.replica(1), NodeId.hosting(Address.learner(1), config));
    assertEquals("127.0.0.1:5", NodeId.gateway(0).addressIn(config).hostPort());
  }
}
