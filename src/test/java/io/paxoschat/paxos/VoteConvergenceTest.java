package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.SuspectLeader;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Found by the chaos simulation (seed 2418 of f=1, before the fix): the primary of view 0
 * skipped a slot and both followers suspected it, but their suspicions had started at different
 * times, so each climbed through the views on its own: one voted for view 15 while the other
 * voted for view 20, then 16 and 21, and so on. Votes expire, so they never met on one view and
 * no leader ever replaced the primary.
 */
class VoteConvergenceTest {

  private static final int N = 3;
  private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults();

  @Test
  void aDoubtingCandidateJoinsAVoteForALaterViewItWouldLead() {
    Proposer follower = new Proposer(2, N, SETTINGS, new Random(2));
    follower.handle(new Heartbeat(Ballot.ofView(0, N), 4));
    follower.handle(new SuspectLeader(0)); // it doubts the primary too: votes for view 1
    assertTrue(follower.votedView() > follower.view());

    // The other follower has climbed further and asks replica 2 to lead view 5.
    List<Effect> effects = follower.handle(new ViewChangeVote(5, 1));
    assertEquals(Proposer.Mode.PREPARING, follower.mode(), "two of three want view 5: " + effects);
    assertEquals(5, follower.view());
  }

  @Test
  void aCandidateThatTrustsItsLeaderDoesNotJoin() {
    Proposer follower = new Proposer(2, N, SETTINGS, new Random(2));
    follower.handle(new Heartbeat(Ballot.ofView(0, N), 4));
    follower.handle(new ViewChangeVote(5, 1)); // one confused follower cannot unseat a leader
    assertEquals(Proposer.Mode.FOLLOWER, follower.mode());
    assertEquals(0, follower.view());
  }
}
