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
 * Votes that drift apart must still meet on one view. When the primary of view 0 skips a slot
 * and both followers suspect it from different moments, each climbs through the views on its own
 * (one votes for view 15 while the other votes for view 20, then 16 and 21, ...); votes expire,
 * so without joining a later view they would never meet and no leader would replace the primary.
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
