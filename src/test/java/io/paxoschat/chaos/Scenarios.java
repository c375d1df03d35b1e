package io.paxoschat.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.ProtocolSettings;
import java.util.HashSet;
import java.util.Set;

/** What the scripted scenarios share: their checks, on top of the invariants the simulation checks at every step. */
final class Scenarios {

  /** Virtual milliseconds a scenario may take to settle once its faults are over. */
  static final long SETTLE_BOUND = 20_000;

  /**
   * Short timeouts (in ticks of 10 virtual ms) and a small client window: view changes come
   * quickly, and a client's lines spread over many slots.
   */
  static final ProtocolSettings QUICK = ProtocolSettings.builder().heartbeatTicks(4).electionTimeoutTicks(20, 40)
      .retransmitTicks(10).catchUpTicks(6).maxInFlight(64).clientRetryTicks(30).clientWindow(4).build();

  /** The timing of processes (conf/cluster-*.conf, process-timing), in ticks of the driver. */
  static final ProtocolSettings PROCESS_TIMING = ProtocolSettings.builder().heartbeatTicks(3)
      .electionTimeoutTicks(60, 120).retransmitTicks(3).catchUpTicks(2).maxInFlight(8).clientRetryTicks(30)
      .clientWindow(16).build();

  private Scenarios() {}

  /** A fault-free start: {@code clients} clients of {@code lines} lines each, all starting at once. */
  static ChaosSimulation quiet(long seed, int replicas, int clients, int lines, ProtocolSettings settings) {
    return new ChaosSimulation(SimulationSetup.quiet(seed, replicas, clients, lines).withSettings(settings));
  }

  static void assertNoViolation(ChaosSimulation sim) {
    assertTrue(sim.violation().isEmpty(), () -> sim.violation().get().headline() + "\n"
        + String.join("\n", sim.violation().get().traceTail()));
  }

  /** Every line acknowledged and every live log complete within {@link #SETTLE_BOUND}, no invariant broken. */
  static void assertSettled(ChaosSimulation sim) {
    boolean settled = sim.runUntilSettled(SETTLE_BOUND);
    assertNoViolation(sim);
    assertTrue(settled, sim.status());
  }

  /** The longest log holds every line of every client exactly once, in each client's order. */
  static void assertEveryLineOnce(ChaosSimulation sim, int clients, int lines) {
    Set<String> seen = new HashSet<>();
    long[] lastSeq = new long[clients];
    for (long slot = 0; slot < sim.longestLog(); slot++) {
      for (Command.ChatLine line : Command.linesOf(sim.executedAt(slot))) {
        assertTrue(seen.add(line.clientId() + "/" + line.seq()), "twice: " + line);
        assertEquals(lastSeq[line.clientId()] + 1, line.seq(), "out of order: " + line);
        lastSeq[line.clientId()] = line.seq();
      }
    }
    assertEquals(clients * lines, seen.size(), sim.status());
  }
}
