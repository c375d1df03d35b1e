package io.paxoschat.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports on 127.0.0.1 that were free a moment ago, all different: for tests and for training runs. */
public final class FreePorts {

  private FreePorts() {}

  public static List<Integer> take(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
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
