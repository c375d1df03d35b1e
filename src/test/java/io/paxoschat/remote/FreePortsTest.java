package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void portsAreDistinctBindableAndBelowTheKernelsEphemeralRange() throws IOException {
    List<Integer> ports = FreePorts.take(20);
    assertEquals(20, new HashSet<>(ports).size(), ports.toString());
    int ephemeralLow = FreePorts.ephemeralLow();
    for (int port : ports) {
      // A port from the ephemeral range can be taken by any outgoing connection before its node binds it.
      assertTrue(port >= 10_000 && port < ephemeralLow, port + " is not below " + ephemeralLow);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertEquals(port, socket.getLocalPort());
      }
    }
  }
}
