package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.LearnerMessage.Decision;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Liveness with a live leader and f replicas down: every line must still get through. */
class ClusterLivenessTest {

  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(4).electionTimeoutTicks(20, 40).retransmitTicks(10).catchUpTicks(6).maxInFlight(64).clientRetryTicks(30).clientWindow(4).build();

  /**
   * Replica 2 is down; leader 0 decides slot 0, but its Decision reaches no learner. Slot 1 is
   * decided and delivered, so both live learners wait on slot 0 forever: no peer has it, the
   * leader forgot it once decided and never sends it again, the learners do not suspect a leader
   * whose commit index has moved past the gap, and the retry-watch votes of replica 1 alone are
   * no majority for a new view (the leader never votes against itself).
   */
  @Test
  void aDecisionLostToEveryLearnerIsRecoveredWhileTheLeaderLives() {
    CoreCluster cluster = new CoreCluster(3, SETTINGS, CoreCluster.lines(1, 3), 1, Set.of(2));
    cluster.drop(envelope -> envelope.message() instanceof Decision decision && decision.slot() == 0);
    for (int round = 0; round < 5; round++) {
      cluster.round(false, 0);
    }
    cluster.drop(envelope -> false); // the network is reliable again

    assertTrue(cluster.runUntilDone(3000), "stuck:" + cluster.describe());
  }

  /**
   * Replica 1 is down; leader 0 of view 0 never gets slot 2 accepted (the skip fault). Replicas
   * 2, 3 and 4 see the gap and suspect the leader, but suspicion only ever votes for view 1,
   * whose leader is the dead replica 1, and each heartbeat of leader 0 withdraws the vote; the
   * election timeout, which would move on to view 2, never fires while heartbeats arrive.
   */
  @Test
  void suspicionOfALiveButUselessLeaderReachesALiveSuccessor() {
    CoreCluster cluster = new CoreCluster(5, SETTINGS, CoreCluster.lines(2, 4), 1, Set.of(1));
    cluster.drop(envelope -> envelope.message() instanceof Accept accept
        && accept.slot() == 2 && accept.ballot().round() == 0);

    assertTrue(cluster.runUntilDone(3000), "stuck:" + cluster.describe());
  }
}
