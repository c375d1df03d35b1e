package io.paxoschat.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InjectedFaultsTest {

  private static final Accept SLOT_2_IN_VIEW_0 = new Accept(Ballot.ofView(0, 3), 2, Command.Noop.INSTANCE);

  private static List<Boolean> dropPattern(MessageFilter filter) {
    List<Boolean> pattern = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      pattern.add(filter.drops(new Heartbeat(Ballot.ofView(0, 3), i)));
    }
    return pattern;
  }

  @Test
  void noFaultsMeansNoFilterAnywhere() {
    InjectedFaults none = InjectedFaults.none(7);

    for (Address node : List.of(Address.acceptor(0), Address.proposer(1), Address.learner(2), Address.client(0))) {
      assertSame(MessageFilter.NONE, none.filterFor(node), node.toString());
    }
  }

  @Test
  void theSkipSlotFaultIsNoMessageFilter() {
    // The faulty primary leaves the slot empty itself (Proposer.leaveSlotEmptyInView0).
    InjectedFaults skip2 = new InjectedFaults(0, 2, 0, 7);

    for (Address node : List.of(Address.acceptor(1), Address.proposer(1), Address.learner(1))) {
      assertSame(MessageFilter.NONE, skip2.filterFor(node), node.toString());
    }
  }

  @Test
  void eachNodeDrawsItsOwnRepeatableLossStream() {
    InjectedFaults loss = new InjectedFaults(0, -1, 0.5, 7);

    assertEquals(dropPattern(loss.filterFor(Address.proposer(1))), dropPattern(loss.filterFor(Address.proposer(1))),
        "the same seed drops the same messages");
    assertNotEquals(dropPattern(loss.filterFor(Address.proposer(1))), dropPattern(loss.filterFor(Address.proposer(2))));
    assertNotEquals(dropPattern(loss.filterFor(Address.proposer(1))), dropPattern(loss.filterFor(Address.learner(1))));
    assertNotEquals(dropPattern(loss.filterFor(Address.proposer(1))),
        dropPattern(new InjectedFaults(0, -1, 0.5, 8).filterFor(Address.proposer(1))));
  }

  @Test
  void onlyTheFirstPrimariesCrash() {
    InjectedFaults failTwo = new InjectedFaults(2, -1, 0, 7);

    assertTrue(failTwo.crashesAsPrimary(0));
    assertTrue(failTwo.crashesAsPrimary(1));
    assertFalse(failTwo.crashesAsPrimary(2));
  }

  @Test
  void aLossProbabilityOutsideZeroToOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LossFilter(1.0, 1));
    assertThrows(IllegalArgumentException.class, () -> new LossFilter(-0.1, 1));
  }
}
