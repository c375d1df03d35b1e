package io.paxoschat.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.paxoschat.cluster.NodeProcessHarness.assertContains;
import static io.paxoschat.cluster.NodeProcessHarness.assertExit;

import io.paxoschat.config.TlsConfig;
import io.paxoschat.remote.StrangerSockets;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artery over TLS with mutual authentication: a cluster that works, and a client whose keys
 * bin/gen-certs made with another CA, which cannot get a single message in even though it trusts
 * the cluster's CA itself. A stranger's connections that never finish a TLS handshake (silent, or
 * a client hello begun and never ended) are closed after the front door's timeout. The cluster's
 * keys are what bin/gen-certs makes, made in this JVM ({@link ClusterCertificates}): bin/gen-certs
 * runs keytool, a JVM per step, some 20 for four nodes (17-37 s at a load of 25).
 */
class TlsClusterIT {

  private static final Duration GEN_CERTS_BOUND = Duration.ofMinutes(5);

  @Test
  void aTlsClusterWorksAndANodeFromAnotherCaIsRefused(@TempDir Path dir) throws Exception {
    String tls = "tls { enabled = on, dir = \"certs\" }\n";
    String frontDoor = "front-door { handshake-timeout = 2s }\n";
    try (NodeProcessHarness cluster =
        new NodeProcessHarness(dir, tls + frontDoor, List.of(NodeProcessHarness.lines(0, 5), List.of(), List.of()))) {
      // The rogue's keys (client-1 with a key pair of its own CA, trusting ours, so only our side
      // can say no) come from bin/gen-certs, made meanwhile: they are first needed once the cluster
      // has served client-0. At a load average of 30 on two cores a gen-certs of four nodes did not
      // finish in 2 minutes; the bound only catches a keytool that hangs.
      Path rogueDir = dir.resolve("rogue");
      Path rogueCertsOut = dir.resolve("gen-certs-rogue.out");
      Process rogueCerts = cluster.start(rogueCertsOut, "gen-certs",
          "--config", cluster.config.toString(), "--out", rogueDir.toString(), "--ca-name", "some other CA",
          "client-1");
      ClusterCertificates.write(dir.resolve("certs"), TlsConfig.DEFAULT_PASSWORD, "paxos-chat test CA",
          List.of("replica-0", "replica-1", "replica-2", "client-0"));
      cluster.log("the cluster's keys are made");
      Path rogueConfig = dir.resolve("rogue.conf");
      Files.writeString(rogueConfig, Files.readString(cluster.config).replace(tls,
          "tls { enabled = on, dir = \"rogue\" }\n"));
      Path rogueLines = dir.resolve("rogue.txt");
      Files.writeString(rogueLines, "a line from another CA\n");

      NodeProcessHarness.Run start = cluster.cluster("start");
      assertExit(0, start, "cluster start with TLS");
      NodeProcessHarness.Run client = cluster.run(Duration.ofSeconds(90), "client", "--config",
          cluster.config.toString(), "--id", "0", "--messages", cluster.messages.resolve("client-0.txt").toString(),
          "--timeout", "60", "--logs", cluster.logs.toString());
      assertExit(0, client, "client-0 over TLS");
      assertContains(client.out(), "5 / 5 lines acknowledged");

      int port = io.paxoschat.config.ClusterConfig.load(cluster.config).replica(0).port();
      try (Socket silent = new Socket("127.0.0.1", port); Socket halfHello = new Socket("127.0.0.1", port)) {
        halfHello.getOutputStream().write(new byte[] {22, 3, 1, 0, (byte) 200, 1, 0});
        halfHello.getOutputStream().flush();
        long strangersDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(StrangerSockets.closedByPeer(silent) && StrangerSockets.closedByPeer(halfHello))) {
          assertTrue(System.nanoTime() < strangersDeadline, "strangers without a TLS handshake are closed");
          java.util.concurrent.TimeUnit.MILLISECONDS.sleep(100); // polling the sockets, with a bound
        }
      }

      assertExit(0, cluster.finish(rogueCerts, rogueCertsOut, GEN_CERTS_BOUND,
          "bin/gen-certs for the rogue"), "gen-certs for the rogue");
      Files.copy(dir.resolve("certs/truststore.p12"), rogueDir.resolve("truststore.p12"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      // The rogue keeps trying until the handshake has failed in its output (a condition with a
      // bound, not a few seconds that a busy machine may spend starting the JVM), then it is killed.
      Path rogueOut = dir.resolve("rogue.out");
      Process rogue = cluster.start(rogueOut, "client", "--config", rogueConfig.toString(),
          "--id", "1", "--messages", rogueLines.toString(), "--timeout", "120",
          "--logs", dir.resolve("rogue-logs").toString());
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!(Files.exists(rogueOut) && Files.readString(rogueOut).contains("bad_certificate"))) {
        assertTrue(rogue.isAlive() && System.nanoTime() < deadline,
            "the rogue client was not refused with bad_certificate: " + (Files.exists(rogueOut) ? Files.readString(rogueOut) : ""));
        java.util.concurrent.TimeUnit.MILLISECONDS.sleep(100);
      }
      rogue.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);

      // Only client-0's lines, in every log: nothing of the rogue's got in.
      cluster.awaitCompleteIdenticalLogs(Set.of(0, 1, 2), Duration.ofSeconds(30));
      assertExit(0, cluster.cluster("stop"), "cluster stop");
    }
  }
}
