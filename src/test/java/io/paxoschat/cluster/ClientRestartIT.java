package io.paxoschat.cluster;

import static io.paxoschat.cluster.NodeProcessHarness.assertContains;
import static io.paxoschat.cluster.NodeProcessHarness.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.chatlog.ChatLogFormat;
import io.paxoschat.paxos.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client is killed while its leader alone holds a window of its lines, the leader is killed
 * too, and the client starts again with other lines while the next leader recovers the old ones:
 * every line of the new run must be in every log once, and every line either run saw
 * acknowledged too. Before sessions the new run's first lines took the seqs of the old run's
 * recovered lines and were acknowledged without ever executing.
 */
class ClientRestartIT {

  private static final int CLIENT = 2;

  @Test
  void aRestartedClientLosesNoLineToItsEarlierRunsUndecidedOnes(@TempDir Path dir) throws Exception {
    List<String> first = lines("A", 2_000);
    List<String> second = lines("B", 600);
    try (NodeProcessHarness cluster = new NodeProcessHarness(dir, "", List.of(List.of(), List.of(), first))) {
      Path secondFile = Files.write(dir.resolve("B.txt"), second, StandardCharsets.UTF_8);
      Path acks = Files.createDirectories(dir.resolve("acks"));
      assertExit(0, cluster.cluster("start"), "cluster start");
      int leader = cluster.awaitPrimary(Duration.ofSeconds(30));
      List<Integer> followers = new ArrayList<>(List.of(0, 1, 2));
      followers.remove(Integer.valueOf(leader));

      Process firstRun = client(cluster, dir, "first", cluster.messages.resolve("client-" + CLIENT + ".txt"), acks);
      cluster.awaitLogLines(leader, 200, Duration.ofSeconds(60));
      ProcessHandle followerA = process(cluster, followers.get(0));
      ProcessHandle followerB = process(cluster, followers.get(1));
      signal(followerA, "STOP");
      signal(followerB, "STOP");
      TimeUnit.MILLISECONDS.sleep(300); // the leader's own acceptor alone accepts what comes now
      firstRun.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      ProcessHandle oldLeader = process(cluster, leader);
      oldLeader.destroyForcibly();
      NodeProcessHarness.awaitEnded(oldLeader, Duration.ofSeconds(10), "the killed leader");

      Process secondRun = client(cluster, dir, "second", secondFile, acks);
      signal(followerA, "CONT");
      cluster.start(dir.resolve("replica-" + leader + "-again.out"), "replica", "--config", cluster.config.toString(),
          "--id", String.valueOf(leader), "--logs", cluster.logs.toString());

      assertTrue(secondRun.waitFor(180, TimeUnit.SECONDS), "the second run finishes");
      String out = Files.readString(dir.resolve("client-second.out"));
      assertEquals(0, secondRun.exitValue(), out);
      assertContains(out, second.size() + " / " + second.size() + " lines acknowledged");
      signal(followerB, "CONT");

      awaitIdenticalLogs(cluster, Duration.ofSeconds(90));
      for (int replica = 0; replica < 3; replica++) {
        Map<String, Integer> copies = copies(cluster.logOf(replica));
        for (String line : second) {
          assertEquals(1, copies.getOrDefault(line, 0), "replica-" + replica + " holds " + line + " once");
        }
      }
      NodeProcessHarness.Run check = cluster.run(Duration.ofSeconds(60), "check-consistency",
          cluster.logs.toString(), "--acks", acks.toString());
      assertExit(0, check, "check-consistency --acks");
      assertContains(check.out(), "ACKS HELD");
      assertExit(0, cluster.cluster("stop"), "cluster stop");
    }
  }

  private static List<String> lines(String prefix, int count) {
    List<String> lines = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      lines.add(prefix + "-line-" + n);
    }
    return lines;
  }

  private static Process client(NodeProcessHarness cluster, Path dir, String run, Path messages, Path acks)
      throws IOException {
    return cluster.start(dir.resolve("client-" + run + ".out"), "client", "--config", cluster.config.toString(),
        "--id", String.valueOf(CLIENT), "--messages", messages.toString(), "--timeout", "170",
        "--acks", acks.resolve(run + ".acks").toString(), "--logs", cluster.logs.toString());
  }

  private static ProcessHandle process(NodeProcessHarness cluster, int replica) {
    return ProcessHandle.of(cluster.pidOf(replica).orElseThrow()).orElseThrow();
  }

  private static void signal(ProcessHandle process, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill -" + signal);
  }

  private static Map<String, Integer> copies(List<String> log) {
    Map<String, Integer> copies = new HashMap<>();
    for (String line : log) {
      for (Command.ChatLine chat : Command.linesOf(ChatLogFormat.parse(line).command())) {
        copies.merge(chat.text(), 1, Integer::sum);
      }
    }
    return copies;
  }

  private static void awaitIdenticalLogs(NodeProcessHarness cluster, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> log0 = cluster.logOf(0);
      if (log0.equals(cluster.logOf(1)) && log0.equals(cluster.logOf(2))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("logs not identical within " + timeout + ": " + log0.size() + " / "
            + cluster.logOf(1).size() + " / " + cluster.logOf(2).size() + " lines");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
