package io.paxoschat.chaos;

import static io.paxoschat.chaos.Scenarios.assertNoViolation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.ProtocolSettings;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The shape of the agreement bug the chaos runs found in rejoining after a lost disk, replayed
 * step by step. Slot 1 is chosen by the acceptors of replicas 0 and 2 (replica 1's acceptor misses
 * its Accept, its learner the decision). Replica 2 then loses its disk and rejoins: slot 1 is now
 * held by acceptor 0 alone. The rejoin ends, replica 0 crashes, and replica 1 leads view 1 with the
 * only majority left, itself and the rejoined acceptor: neither accepted anything at slot 1. The
 * rejoined acceptor must tell it that slot 1 is decided, or it fills the slot with a no-op where
 * replicas 0 and 2 executed the line.
 */
class RejoinScenarioTest {

  private static final long SLOT = 1;
  /** Rounds of one tick each: far more than any step below needs. */
  private static final int MAX_ROUNDS = 500;

  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(3)
      .electionTimeoutTicks(6, 6).retransmitTicks(4).catchUpTicks(2).clientRetryTicks(8).maxInFlight(8)
      .clientWindow(1).maxBatchLines(1).build();

  @Test
  void aLeaderWhosePhase1HearsTheRejoinedAcceptorKeepsTheSlotItHadHelpedChoose() {
    ChaosSimulation sim = replay(RoleFactory.core());
    assertNoViolation(sim);
    assertTrue(sim.logLength(1) > SLOT, "replica 1 executed slot " + SLOT + " in view 1; " + sim.status());
    assertInstanceOf(Command.Batch.class, sim.executedAt(SLOT));
  }

  @Test
  void aRejoinThatVotesBeforeItsReplicaExecutedBelowTheBarLetsTheSlotBeFilledWithANoop() {
    ChaosSimulation sim = replay(PlantedBugs.rejoinVotesBeforeItsReplicaExecuted());
    assertTrue(sim.violation().isPresent(), "the planted rule went unnoticed; " + sim.status());
    assertEquals(Invariant.AGREEMENT, sim.violation().get().invariant(), sim.violation().get().headline());
  }

  private static ChaosSimulation replay(RoleFactory roles) {
    SimulationSetup setup = SimulationSetup.quiet(1, 3, 1, 2).withSettings(SETTINGS).withRoles(roles);
    ChaosSimulation sim = ChaosSimulation.stepped(setup, clock -> io.paxoschat.events.EventRecorder.OFF);
    sim.start();
    Predicate<SimEvent.Delivery> toLearner1 = to(Address.learner(1));
    Predicate<SimEvent.Delivery> toAcceptor1 = to(Address.acceptor(1));

    // View 0; the session of client 0 opened at slot 0 everywhere; slot 1, the client's first
    // line, accepted by acceptors 0 and 2 and executed by replicas 0 and 2: replica 1 hears nothing of it.
    Predicate<SimEvent.Delivery> slot1ToReplica1 = toLearner1.and(d -> !(valueSlot(d.message()) >= 0
        && valueSlot(d.message()) < SLOT)).or(toAcceptor1.and(d -> d.message() instanceof AcceptorMessage.Accept
        accept && accept.slot() >= SLOT));
    // The client's second line waits for the rejoin.
    Predicate<SimEvent.Delivery> secondLine = d -> d.message() instanceof LearnerMessage.ClientRequest request
        && request.lines().stream().anyMatch(line -> line.seq() >= 2);
    deliverAll(sim, slot1ToReplica1);
    sim.startClient(0);
    advance(sim, Set.of(0, 2), slot1ToReplica1.or(secondLine),
        () -> sim.logLength(0) == 2 && sim.logLength(1) == 1 && sim.logLength(2) == 2);
    assertInstanceOf(Command.Batch.class, sim.executedAt(SLOT));

    // Replica 2 loses its disk and rejoins; slot 2 is chosen by acceptors 0 and 1 after the return.
    // Replica 1 never ticks, so it never doubts its leader while it lags behind.
    sim.crash(2, false, true);
    sim.restart(2);
    advance(sim, Set.of(0, 2), toLearner1, () -> sim.acknowledged(0) == 2 && sim.logLength(2) == 3);
    // A few more heartbeats: enough for the rejoined acceptor to vote again by either rule.
    tickRounds(sim, Set.of(0, 2), toLearner1, 4 * SETTINGS.heartbeatTicks());

    // Replica 0 crashes; replica 1 leads view 1 with acceptors 1 and 2, the only majority left.
    sim.crash(0, false);
    Predicate<SimEvent.Delivery> catchUpToLearner1 =
        toLearner1.and(d -> d.message() instanceof LearnerMessage.CatchUpReply);
    advance(sim, Set.of(1, 2), catchUpToLearner1, () -> sim.leader() == 1 || sim.violation().isPresent());
    // Decisions of view 1 reach replica 1 before anything it could catch up from replica 2.
    tickRounds(sim, Set.of(1, 2), catchUpToLearner1, 4 * SETTINGS.heartbeatTicks());
    advance(sim, Set.of(1, 2), d -> false, () -> sim.logLength(1) > SLOT || sim.violation().isPresent());
    return sim;
  }

  /** The slot a message decides or brings a learner the value of, or -1. */
  private static long valueSlot(Object message) {
    if (message instanceof LearnerMessage.Decision decision) {
      return decision.slot();
    } else if (message instanceof LearnerMessage.Chosen chosen) {
      return chosen.slot();
    } else if (message instanceof LearnerMessage.AcceptedHere accepted) {
      return accepted.value().slot();
    }
    return -1;
  }

  private static Predicate<SimEvent.Delivery> to(Address address) {
    return delivery -> delivery.to().equals(address);
  }

  /** Ticks {@code replicas} (and the client) round by round until {@code done}, losing what {@code cut} picks. */
  private static void advance(ChaosSimulation sim, Set<Integer> replicas, Predicate<SimEvent.Delivery> cut,
      BooleanSupplier done) {
    for (int round = 0; !done.getAsBoolean(); round++) {
      assertTrue(round < MAX_ROUNDS, "not reached within " + MAX_ROUNDS + " ticks; " + sim.status());
      tickRounds(sim, replicas, cut, 1);
    }
  }

  private static void tickRounds(ChaosSimulation sim, Set<Integer> replicas, Predicate<SimEvent.Delivery> cut,
      int rounds) {
    for (int i = 0; i < rounds && sim.violation().isEmpty(); i++) {
      sim.tick(replicas, true);
      deliverAll(sim, cut);
    }
  }

  /** Delivers what is held, and what that sends in turn, until nothing is; loses what {@code cut} picks. */
  private static void deliverAll(ChaosSimulation sim, Predicate<SimEvent.Delivery> cut) {
    for (int round = 0; !sim.held().isEmpty() && sim.violation().isEmpty(); round++) {
      assertTrue(round < MAX_ROUNDS, "messages still flowing after " + MAX_ROUNDS + " rounds");
      sim.dropHeld(cut);
      sim.deliverHeld(delivery -> true);
    }
  }
}
