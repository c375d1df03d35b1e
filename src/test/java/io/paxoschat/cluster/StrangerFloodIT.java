package io.paxoschat.cluster;

import static io.paxoschat.cluster.NodeProcessHarness.assertExit;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.remote.NodeId;
import io.paxoschat.remote.StrangerSockets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stranger holds a thousand idle TCP connections and two slowloris connections (an Artery
 * magic header dribbled out a byte at a time) open to the primary while clients send: the
 * cluster still commits every line, and the primary's logs do not grow with the flood. Prints
 * the clients' time with and without the flood (a measurement on a shared machine, not a bound).
 */
class StrangerFloodIT {

  private static final int IDLE = 1000;
  private static final int SLOWLORIS = 2;
  private static final int LINES_PER_PHASE = 150;

  @Test
  void idleAndSlowConnectionsFromAStrangerDoNotStopTheClusterCommitting(@TempDir Path dir) throws Exception {
    List<List<String>> lines = new ArrayList<>();
    for (int client = 0; client < 3; client++) {
      lines.add(NodeProcessHarness.lines(client, 2 * LINES_PER_PHASE));
    }
    List<Socket> sockets = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> dribblers = new ArrayList<>();
    try (NodeProcessHarness cluster = new NodeProcessHarness(dir, "", lines)) {
      List<Path> phases = cluster.phaseMessages(LINES_PER_PHASE, 2 * LINES_PER_PHASE);
      assertExit(0, cluster.cluster("start"), "cluster start");
      int primary = cluster.awaitPrimary(Duration.ofSeconds(30));
      long quiet = timed(() -> assertExit(0,
          cluster.cluster("clients", "--messages", phases.get(0).toString()), "clients without the flood"));
      Path debugLog = NodeFiles.debugLog(cluster.logs, NodeId.replica(primary));
      Path console = NodeFiles.out(cluster.logs, NodeId.replica(primary));
      long debugBefore = Files.size(debugLog);
      long consoleBefore = Files.size(console);

      InetSocketAddress target = new InetSocketAddress("127.0.0.1",
          ClusterConfig.load(cluster.config).replica(primary).port());
      for (int i = 0; i < IDLE; i++) {
        Socket socket = new Socket();
        socket.connect(target, 5_000);
        sockets.add(socket);
      }
      for (int i = 0; i < SLOWLORIS; i++) {
        Socket socket = new Socket();
        socket.connect(target, 5_000);
        sockets.add(socket);
        Thread dribbler = new Thread(() -> dribble(socket, stop), "slowloris-" + i);
        dribbler.setDaemon(true);
        dribbler.start();
        dribblers.add(dribbler);
      }
      long flooded = timed(() -> assertExit(0,
          cluster.cluster("clients", "--messages", phases.get(1).toString(), "--timeout", "120"),
          "clients with " + IDLE + " idle and " + SLOWLORIS + " slowloris connections on the primary"));
      // Every line was acknowledged, so a majority holds every line; the flooded primary must be
      // in it. (A third replica that lost touch with the others before the flood is reported,
      // not hidden: it happened here on a machine with a load average above 30.)
      String lagging = majorityWithPrimaryComplete(cluster, primary);
      long stillOpen = sockets.stream().filter(s -> !StrangerSockets.closedByPeer(s)).count();
      long debugGrowth = Files.size(debugLog) - debugBefore;
      long consoleGrowth = Files.size(console) - consoleBefore;
      System.out.printf(Locale.ROOT, "StrangerFloodIT: 3 clients x %d lines: %.2f s without the flood, %.2f s with"
              + " %d idle + %d slowloris connections to the primary (%d still open after); primary's debug log"
              + " grew %d bytes, its console %d bytes; %s; load average %s%n",
          LINES_PER_PHASE, quiet / 1e9, flooded / 1e9, IDLE, SLOWLORIS, stillOpen, debugGrowth, consoleGrowth, lagging,
          Files.readString(Path.of("/proc/loadavg")).strip());
      assertTrue(debugGrowth < 1_000_000, "the flood did not flood the debug log: " + debugGrowth + " bytes");
      assertTrue(consoleGrowth < 20_000, "nor the console: " + consoleGrowth + " bytes");
      cluster.cluster("stop");
    } finally {
      stop.set(true);
      for (Thread dribbler : dribblers) {
        dribbler.interrupt();
        dribbler.join(5_000);
      }
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  /**
   * Waits until the primary and another replica hold every line; returns which replica, if any,
   * still lags behind them.
   */
  private static String majorityWithPrimaryComplete(NodeProcessHarness cluster, int primary) throws Exception {
    try {
      cluster.awaitCompleteIdenticalLogs(Set.of(0, 1, 2), Duration.ofSeconds(30));
      return "all three replicas hold every line";
    } catch (AssertionError allThree) {
      for (int other = 0; other < 3; other++) {
        if (other != primary) {
          try {
            cluster.awaitCompleteIdenticalLogs(Set.of(primary, other), Duration.ofSeconds(10));
            int third = 3 - primary - other;
            return "replica-" + third + " lags with " + cluster.logOf(third).size() + " lines";
          } catch (AssertionError notThisPair) {
            // try the other pair
          }
        }
      }
      throw allThree;
    }
  }

  /** Sends Artery's magic header a byte every second, then a frame length a byte a second, until told to stop. */
  private static void dribble(Socket socket, AtomicBoolean stop) {
    byte[] bytes = {'A', 'K', 'K', 'A', 1, 0, 0, 0, 0x10};
    try {
      OutputStream out = socket.getOutputStream();
      for (int i = 0; !stop.get(); i++) {
        out.write(bytes[Math.min(i, bytes.length - 1)]);
        out.flush();
        TimeUnit.SECONDS.sleep(1);
      }
    } catch (IOException e) {
      // the node closed it: fine
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static long timed(Step step) throws Exception {
    long start = System.nanoTime();
    step.run();
    return System.nanoTime() - start;
  }
}
