package io.paxoschat.chaos;

import static io.paxoschat.chaos.Scenarios.assertEveryLineOnce;
import static io.paxoschat.chaos.Scenarios.assertSettled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ProtocolSettings;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A network partition that cuts the primary off from the majority, then heals. */
class PartitionScenarioTest {

  @Test
  void aPartitionedOldPrimaryRejoinsWithProposalsNobodyAccepted() {
    ChaosSimulation sim = Scenarios.quiet(7, 5, 3, 3000, ProtocolSettings.defaults());
    sim.runUntil(() -> sim.totalAcknowledged() >= 10, 5_000);
    assertEquals(0, sim.leader());
    int[] lonelyAccepts = new int[1];
    sim.network().setRule((from, to, message) -> {
      if (message instanceof Accept && from.equals(Address.proposer(0)) && to.id() != 0) {
        lonelyAccepts[0]++; // the old primary keeps proposing into the void
      }
      return null;
    });
    sim.partition(Set.of(0), false);
    long cutAt = sim.now();
    long acknowledgedAtCut = sim.totalAcknowledged();
    sim.runUntil(() -> sim.leader() > 0 && sim.totalAcknowledged() >= acknowledgedAtCut + 10, cutAt + 10_000);
    assertTrue(sim.leader() > 0, "the majority side elects a new leader");
    long primaryLog = sim.logLength(0);
    sim.runFor(1_000);
    assertEquals(primaryLog, sim.logLength(0), "the cut-off primary decided nothing alone");
    assertTrue(lonelyAccepts[0] > 0, "the old primary did propose while cut off");

    sim.heal();
    assertSettled(sim);
    assertEveryLineOnce(sim, 3, 3000);
    assertNotEquals(0, sim.leader(), "the old primary rejoins as a follower");
  }
}
