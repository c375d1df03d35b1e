package io.paxoschat.chaos;

import static io.paxoschat.chaos.Scenarios.assertNoViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.ProtocolSettings;
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
class ClientRestartScenarioTest {

  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder()
      .heartbeatTicks(2).electionTimeoutTicks(10, 15).retransmitTicks(3).catchUpTicks(2)
      .maxInFlight(8).clientRetryTicks(30).clientWindow(64).maxBatchLines(4).build();
  private static final int CLIENT = 0;
  private static final long[] NONE = {};

  private static List<String> lines(String prefix, int count) {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      lines.add(prefix + "-line-" + i);
    }
    return lines;
  }

  /** Messages to the replicas in {@code paused} are lost (a paused process hears nothing). */
  private static void pause(ChaosSimulation sim, int... paused) {
    sim.network().setRule((from, to, message) -> {
      if (to.role() == Address.Role.CLIENT) {
        return null;
      }
      for (int id : paused) {
        if (to.id() == id) {
          return NONE;
        }
      }
      return null;
    });
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
    SimulationSetup quiet = SimulationSetup.quiet(seed, 3, 1, 0);
    ChaosSimulation sim = new ChaosSimulation(new SimulationSetup(seed, 3, SETTINGS,
        List.of(new ClientSpec(CLIENT, 0, first)), quiet.roles(), quiet.faults(), quiet.tickMillis(),
        quiet.livenessBoundMillis()));
    sim.runUntil(() -> sim.acknowledged(CLIENT) >= 100 && sim.leader() == 0, 50_000);
    assertTrue(sim.acknowledged(CLIENT) >= 100, name + ": the first run got going");
    assertEquals(0, sim.leader(), name);

    // Replicas 1 and 2 pause: the leader's own acceptor alone accepts what the client sends now.
    pause(sim, 1, 2);
    sim.runFor(10); // what replicas 1 and 2 had already sent lands
    long stalled = sim.longestLog();
    sim.runFor(10);
    assertEquals(stalled, sim.longestLog(), name + ": nothing decides while the followers are paused");
    assertTrue(sim.acknowledged(CLIENT) < first.size(), name + ": the first run still has lines in flight");
    // The client and the leader are killed; the client starts again with new lines and a new nonce.
    sim.crash(0, false);
    sim.restartClient(CLIENT, second);
    // Replica 1 wakes up; replica 0 comes back from its disk; replica 2 sleeps on.
    pause(sim, 2);
    sim.runFor(400);
    sim.restart(0);
    sim.runUntil(sim::allClientsDone, sim.now() + 200_000);
    assertNoViolation(sim);
    assertTrue(sim.allClientsDone(), name + ": the second run is acknowledged: " + sim.status());
    sim.network().setRule(null);
    assertTrue(sim.runUntilSettled(Scenarios.SETTLE_BOUND), name + ": every replica catches up: " + sim.status());
    assertNoViolation(sim);

    // Settled: every replica executed every slot, and the checker saw each slot agree everywhere.
    Map<String, Integer> copies = new HashMap<>();
    for (long slot = 0; slot < sim.longestLog(); slot++) {
      for (Command.ChatLine line : Command.linesOf(sim.executedAt(slot))) {
        copies.merge(line.text(), 1, Integer::sum);
      }
    }
    for (int replica = 0; replica < 3; replica++) {
      assertEquals(sim.longestLog(), sim.logLength(replica), name + ": replica " + replica + " holds every slot");
    }
    for (String line : second) {
      assertEquals(1, copies.getOrDefault(line, 0), name + ": the log holds " + line);
    }
    assertTrue(sim.acknowledgedLines().size() >= second.size(), name);
    for (Effect.Acknowledged ack : sim.acknowledgedLines()) {
      assertEquals(1, copies.getOrDefault(ack.line().text(), 0), name + ": the log holds acknowledged " + ack.line());
    }
  }
}
