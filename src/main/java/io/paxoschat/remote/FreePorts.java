package io.paxoschat.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1 that were free a moment ago, all different: for tests and for training runs.
 * They are drawn below the kernel's ephemeral range: a port the kernel handed out for port 0 is
 * free again once its socket closes, and the next outgoing connection of any process (Artery
 * dials peers all the time) may take it as its local port before the node that was meant to
 * listen there binds it. Below that range only another such draw can take it.
 */
public final class FreePorts {

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LOWEST = 10_000;
  private static final int ATTEMPTS = 1_000;

  private FreePorts() {}

  public static List<Integer> take(int count) {
    int below = ephemeralLow();
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int attempt = 0; sockets.size() < count && attempt < ATTEMPTS; attempt++) {
        int port = below - LOWEST > 1_000 ? ThreadLocalRandom.current().nextInt(LOWEST, below) : 0;
        try {
          sockets.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
        } catch (IOException taken) {
          // in use: draw again
        }
      }
      if (sockets.size() < count) {
        throw new UncheckedIOException(new IOException("no free port on 127.0.0.1 after " + ATTEMPTS + " tries"));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // released either way
        }
      }
    }
  }

  /** The first port of the kernel's ephemeral range (Linux; 32768 where it cannot be read). */
  static int ephemeralLow() {
    // Read by line: Files.readString gave "3" for this /proc file here (it reports a size of 0).
    try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
      return Integer.parseInt(reader.readLine().strip().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  /** A cluster file: f = 1 (three replicas) and {@code clients} clients, on free loopback ports. */
  public static String clusterFile(int clients, String extra) {
    List<Integer> ports = take(3 + clients);
    StringBuilder text = new StringBuilder("f = 1\nreplicas = [\n");
    for (int i = 0; i < 3; i++) {
      text.append("  { id = ").append(i).append(", host = \"127.0.0.1\", port = ").append(ports.get(i)).append(" }\n");
    }
    text.append("]\nclients = [\n");
    for (int i = 0; i < clients; i++) {
      text.append("  { id = ").append(i).append(", host = \"127.0.0.1\", port = ").append(ports.get(3 + i)).append(" }\n");
    }
    return text.append("]\n").append(extra).toString();
  }
}
