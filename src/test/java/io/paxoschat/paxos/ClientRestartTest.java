package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.Command.ChatLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client started again while lines of its earlier run are accepted but undecided: the new
 * run's lines must all execute, once each, and so must every line either run saw acknowledged.
 * Before sessions, the new run numbered its lines after the seq a majority of learners had
 * executed; phase 1 of the next leader then decided the old run's pending lines under those very
 * seqs, and the new lines were acknowledged as their retries without ever executing.
 */
class ClientRestartTest {

  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder()
      .heartbeatTicks(2).electionTimeoutTicks(10, 15).retransmitTicks(3).catchUpTicks(2)
      .maxInFlight(8).clientRetryTicks(30).clientWindow(64).maxBatchLines(4).build();
  private static final int CLIENT = 0;

  private static List<String> lines(String prefix, int count) {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      lines.add(prefix + "-line-" + i);
    }
    return lines;
  }

  @Test
  void theLinesOfARestartedClientAllExecuteOnceThoughItsEarlierRunLeftLinesAcceptedByOneAcceptor() {
    for (long seed = 1; seed <= 20; seed++) {
      run(seed);
    }
  }

  private void run(long seed) {
    String name = "seed " + seed;
    List<String> first = lines("A", 400);
    List<String> second = lines("B", 200);
    CoreCluster cluster = new CoreCluster(3, SETTINGS, List.of(first), seed);
    for (int round = 0; round < 5_000 && cluster.client(CLIENT).acknowledged() < 100; round++) {
      cluster.round(false, 0);
    }
    assertTrue(cluster.client(CLIENT).acknowledged() >= 100, name + ": the first run got going");

    // Replicas 1 and 2 pause: the leader's own acceptor alone accepts what the client sends now.
    cluster.drop(envelope -> envelope.to().role() != Address.Role.CLIENT && envelope.to().id() != 0);
    for (int round = 0; round < 4; round++) {
      cluster.round(false, 0);
    }
    cluster.crashClient(CLIENT);
    cluster.crash(0);
    cluster.restartClient(CLIENT, second, 2);
    // Replica 1 wakes up; replica 0 comes back from its disk; replica 2 sleeps on.
    cluster.drop(envelope -> envelope.to().role() != Address.Role.CLIENT && envelope.to().id() == 2);
    for (int round = 0; round < 40; round++) {
      cluster.round(false, 0);
    }
    cluster.restart(0, seed * 7);
    for (int round = 0; round < 20_000 && !cluster.client(CLIENT).isDone(); round++) {
      cluster.round(false, 0);
    }
    assertTrue(cluster.client(CLIENT).isDone(), name + ": the second run is acknowledged");
    cluster.drop(envelope -> false);
    assertTrue(cluster.runUntilDone(20_000), name + ": every replica catches up");

    cluster.assertSafe(name);
    for (int replica = 0; replica < 3; replica++) {
      Map<String, Integer> copies = new HashMap<>();
      for (Command command : cluster.log(replica)) {
        for (ChatLine line : Command.linesOf(command)) {
          copies.merge(line.text(), 1, Integer::sum);
        }
      }
      for (String line : second) {
        assertEquals(1, copies.getOrDefault(line, 0), name + ": replica " + replica + " holds " + line);
      }
      for (Effect.Acknowledged ack : cluster.acknowledged()) {
        assertEquals(1, copies.getOrDefault(ack.line().text(), 0),
            name + ": replica " + replica + " holds acknowledged " + ack.line());
      }
    }
  }
}
