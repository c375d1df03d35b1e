package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A replica whose candidacy for a later view failed must not stay at that view ignoring the
 * heartbeats of the leader of an earlier view: an idle leader sends no accepts, so no acceptor
 * ever tells it about the later view, and the replica would be stranded for good, its learner
 * never hearing the commit index and its log short of lines clients were told were delivered.
 */
class StaleLeaderTest {

  private static final int N = 3;
  private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults();

  @Test
  void aFollowerAtALaterViewTellsAStaleLeaderWhichStepsDown() {
    Proposer leader = new Proposer(2, N, SETTINGS, new Random(2));
    leader.handle(new ViewChangeVote(2, 0));
    leader.handle(new ViewChangeVote(2, 1));
    leader.handle(new Promise(Ballot.ofView(2, N), 0, List.of()));
    leader.handle(new Promise(Ballot.ofView(2, N), 2, List.of()));
    assertTrue(leader.isLeading());

    Proposer stranded = new Proposer(1, N, SETTINGS, new Random(1));
    stranded.handle(new ViewChangeVote(4, 0));
    stranded.handle(new ViewChangeVote(4, 2));
    assertEquals(Proposer.Mode.PREPARING, stranded.mode());
    for (int tick = 0; tick <= SETTINGS.electionTimeoutMaxTicks(); tick++) {
      stranded.handle(ProposerMessage.Tick.INSTANCE); // no promise ever arrives
    }
    assertEquals(Proposer.Mode.FOLLOWER, stranded.mode());
    assertEquals(4, stranded.view());

    List<Effect> answer = stranded.handle(new Heartbeat(Ballot.ofView(2, N), 10));
    Rejected rejected = EffectLists.sends(answer, Rejected.class).stream()
        .filter(send -> send.to().equals(Address.proposer(2)))
        .map(send -> (Rejected) send.message())
        .findFirst()
        .orElseThrow(() -> new AssertionError("the stale leader is not told of view 4: " + answer));
    assertTrue(rejected.promised().isAbove(Ballot.ofView(2, N)));

    leader.handle(rejected);
    assertFalse(leader.isLeading());
    assertEquals(4, leader.view());
  }
}
