package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.config.ClusterConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What bounds a stranger's idle connections to a node: not a handshake timeout (Artery TCP binds
 * its inbound side with no idle timeout, and its {@code handshake-timeout} is for outbound
 * associations), but {@code pekko.io.tcp.max-channels}. Counted on the node's side, from the
 * kernel's table of connections (a connection the node accepted has a socket; one waiting in
 * the backlog has none): however many strangers connect and sit idle, the node holds at most
 * the cap, and holds them for as long as they stay.
 */
class ChannelCapTest {

  private static final int CAP = 16;
  private static final int FLOOD = 4 * CAP;
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final Duration STEADY = Duration.ofSeconds(3);

  private RemoteNode node;
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (node != null) {
      node.stop(Duration.ofSeconds(10));
    }
  }

  @Test
  void aNodeHoldsAtMostTheChannelCapOfIdleConnectionsHoweverManyArrive() throws Exception {
    ClusterConfig config = ClusterConfig.parse(
        FreePorts.clusterFile(1, "pekko { io.tcp.max-channels = " + CAP + " }\n"), Path.of("channel-cap-test.conf"));
    node = RemoteNode.start(config, NodeId.replica(0), (ctx, directory, guard) -> {});
    int port = config.replica(0).port();

    for (int i = 0; i < FLOOD; i++) {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      sockets.add(socket);
    }
    Connections steady = awaitSteady(port);
    // The listener is a channel too, and the cap a soft limit: at most CAP connections held.
    assertTrue(steady.held() <= CAP, "held " + steady + " of " + FLOOD + " idle connections, cap " + CAP);
    assertTrue(steady.held() >= CAP / 2, "connections below the cap are held: " + steady);
    assertEquals(FLOOD, steady.held() + steady.waiting() + steady.closed(sockets), "every connection accounted for: " + steady);
    System.out.printf(Locale.ROOT, "ChannelCapTest: %d idle connections, cap %d: %s%n", FLOOD, CAP, steady);
  }

  /** The node's side of the connections to {@code port}: accepted and open, or established but never accepted. */
  private record Connections(int held, int waiting) {
    int closed(List<Socket> sockets) {
      return (int) sockets.stream().filter(StrangerSockets::closedByPeer).count();
    }

    @Override
    public String toString() {
      return held + " held by the node, " + waiting + " in the kernel's backlog, never accepted";
    }
  }

  /** Waits (bounded) until the node's connections stop changing for {@link #STEADY}. */
  private static Connections awaitSteady(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    Connections last = count(port);
    long sameSince = System.nanoTime();
    while (System.nanoTime() - sameSince < STEADY.toNanos()) {
      assertTrue(System.nanoTime() < deadline, "the node's connections did not settle within " + SETTLE + ": " + last);
      TimeUnit.MILLISECONDS.sleep(100); // polling the kernel's table, not waiting for a guess
      Connections now = count(port);
      if (!now.equals(last)) {
        last = now;
        sameSince = System.nanoTime();
      }
    }
    return last;
  }

  /**
   * From {@code /proc/net/tcp} and {@code tcp6}: established connections whose local end is
   * {@code port}; inode 0 marks one still in the listen backlog (no socket of the node's yet).
   */
  private static Connections count(int port) throws IOException {
    String local = String.format(Locale.ROOT, ":%04X", port);
    int held = 0;
    int waiting = 0;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 10 || !fields[1].endsWith(local) || !fields[3].equals("01")) {
          continue;
        }
        if (fields[9].equals("0")) {
          waiting++;
        } else {
          held++;
        }
      }
    }
    return new Connections(held, waiting);
  }
}
