package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two followers that each believe the other leads must not hand a request back and forth for
 * ever (each to the other's learner, which passes it to its own proposer, which hands it back):
 * with duplicated messages such a loop grows into millions of messages in flight.
 */
class ForwardingLoopTest {

  private static final int N = 3;

  @Test
  void aRequestBetweenTwoConfusedFollowersDiesOut() {
    Proposer[] proposers = new Proposer[N];
    Learner[] learners = new Learner[N];
    for (int id = 0; id < N; id++) {
      proposers[id] = new Proposer(id, N, ProtocolSettings.defaults(), new Random(id));
      learners[id] = new Learner(id, N, ProtocolSettings.defaults());
    }
    // Replica 0 follows view 1 (led by replica 1); replica 1 follows view 3 (led by replica 0).
    proposers[0].handle(new Heartbeat(Ballot.ofView(1, N), 0));
    proposers[1].handle(new Heartbeat(Ballot.ofView(3, N), 0));

    Deque<Effect.Send> inFlight = new ArrayDeque<>();
    collect(learners[0].handle(ClientRequest.of(new ChatLine(7, 1, "hello"))), inFlight);
    int hops = 0;
    while (!inFlight.isEmpty() && hops < 50) {
      Effect.Send send = inFlight.poll();
      hops++;
      Address to = send.to();
      List<Effect> effects = to.role() == Address.Role.LEARNER
          ? learners[to.id()].handle((LearnerMessage) send.message())
          : proposers[to.id()].handle((ProposerMessage) send.message());
      collect(effects, inFlight);
    }
    assertTrue(hops <= 6, "the request made " + hops + " hops between two followers");
  }

  /** The request's path: learners pass it to proposers, proposers to other learners. */
  private static void collect(List<Effect> effects, Deque<Effect.Send> inFlight) {
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send && (send.message() instanceof ClientRequest
          || send.message() instanceof ProposerMessage.Propose)) {
        inFlight.add(send);
      }
    }
  }
}
