package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The original fault scenarios, played on the pure core of a whole cluster with a reliable network. */
class ClusterScenarioTest {

  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(4).electionTimeoutTicks(20, 40).retransmitTicks(10).catchUpTicks(6).maxInFlight(64).clientRetryTicks(30).clientWindow(4).build();

  @Test
  void normalCaseExecutesEveryLineOnceInEveryReplicaWithoutAViewChange() {
    CoreCluster cluster = new CoreCluster(5, SETTINGS, CoreCluster.lines(3, 6), 1);

    assertTrue(cluster.runUntilDone(500), cluster.describe());

    cluster.assertSafe("normal");
    cluster.assertEveryLineExecuted("normal");
    assertEquals(0, cluster.leader());
    assertEquals(0, cluster.proposer(0).view());
  }

  @Test
  void aSkippedSlotIsFilledWithANoopByTheNextLeader() {
    CoreCluster cluster = new CoreCluster(3, SETTINGS, CoreCluster.lines(3, 6), 1);
    cluster.drop(envelope -> envelope.message() instanceof Accept accept
        && accept.slot() == 2 && accept.ballot().round() == 0);

    assertTrue(cluster.runUntilDone(1000), cluster.describe());

    cluster.assertSafe("skip 2");
    cluster.assertEveryLineExecuted("skip 2");
    for (int replica = 0; replica < 3; replica++) {
      assertEquals(Command.Noop.INSTANCE, cluster.log(replica).get(2), "slot 2 of replica " + replica);
    }
    assertTrue(cluster.proposer(cluster.leader()).view() >= 1, "the primary of view 0 was replaced");
  }

  @Test
  void theNextLeaderTakesOverWhenTheFirstNeverStarts() {
    CoreCluster cluster = new CoreCluster(3, SETTINGS, CoreCluster.lines(3, 6), 1, Set.of(0));

    assertTrue(cluster.runUntilDone(1000), cluster.describe());

    cluster.assertEveryLineExecuted("replica 0 down");
    assertEquals(1, cluster.leader());
  }

  @Test
  void crashedLeadersAreReplacedAndNoLineIsLostOrDuplicated() {
    CoreCluster cluster = new CoreCluster(5, SETTINGS, CoreCluster.lines(3, 20), 1);
    for (int round = 0; round < 5; round++) {
      cluster.round(false, 0);
    }
    cluster.crash(0); // with lines in flight
    for (int round = 0; round < 200 && cluster.leader() < 0; round++) {
      cluster.round(false, 0);
    }
    assertEquals(1, cluster.leader(), cluster.describe());
    cluster.round(false, 0);
    assertFalse(cluster.done(), "the second crash must come with lines still to order");
    cluster.crash(1);

    assertTrue(cluster.runUntilDone(1000), cluster.describe());

    cluster.assertSafe("fail 2");
    cluster.assertEveryLineExecuted("fail 2");
    assertEquals(2, cluster.leader(), cluster.describe());
  }
}
