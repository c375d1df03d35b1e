package io.paxoschat.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkTest {

  private final EventQueue queue = new EventQueue();
  private final FaultCounter faults = new FaultCounter();
  private final Network network = new Network(3, queue, new SplittableRandom(1), faults);
  private final ViewChangeVote message = new ViewChangeVote(1, 0);

  @Test
  void aCleanNetworkDeliversEveryMessageOnceWithinTheDelay() {
    network.setConditions(0, 0, 4, 0, 0);
    for (int i = 0; i < 1_000; i++) {
      network.send(100, Address.proposer(0), Address.proposer(1), message);
    }
    assertEquals(1_000, queue.size());
    while (queue.size() > 0) {
      long time = queue.poll().time();
      assertTrue(time >= 101 && time <= 104, "delay " + (time - 100));
    }
  }

  @Test
  void lossAndDuplicationHappenAtAboutTheirRates() {
    network.setConditions(0.5, 0.1, 4, 0, 0);
    for (int i = 0; i < 10_000; i++) {
      network.send(0, Address.proposer(0), Address.proposer(1), message);
    }
    assertTrue(Math.abs(faults.get(FaultKind.LOSS) - 5_000) < 300, "lost " + faults.get(FaultKind.LOSS));
    assertTrue(Math.abs(faults.get(FaultKind.DUPLICATE) - 500) < 100);
    assertEquals(10_000 - faults.get(FaultKind.LOSS) + faults.get(FaultKind.DUPLICATE), queue.size());
  }

  @Test
  void aOneWayCutStopsOneDirectionOnlyAndHeals() {
    network.cutLink(0, 1);
    network.send(0, Address.acceptor(0), Address.proposer(1), message);
    assertEquals(0, queue.size());
    network.send(0, Address.proposer(1), Address.acceptor(0), message);
    network.send(0, Address.proposer(0), Address.client(1), message); // clients are never cut off
    assertEquals(2, queue.size());
    network.healAll();
    network.send(0, Address.acceptor(0), Address.proposer(1), message);
    assertEquals(3, queue.size());
    assertEquals(1, faults.get(FaultKind.CUT));
  }

  @Test
  void lossAboveHalfIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> network.setConditions(0.6, 0, 1, 0, 0));
  }
}
