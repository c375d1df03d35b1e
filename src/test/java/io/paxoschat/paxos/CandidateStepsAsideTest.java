package io.paxoschat.paxos;

import static io.paxoschat.paxos.EffectLists.acceptors;
import static io.paxoschat.paxos.EffectLists.recipients;
import static io.paxoschat.paxos.EffectLists.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.LearnerProgress;
import io.paxoschat.paxos.ProposerMessage.Tick;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A replica voted to lead whose learner lags far behind the log: as leader it would propose
 * nothing new until it had caught up (across processes, thousands of slots and more than 5 s), so
 * it lets the next view's leader take over, at most once per two election timeouts.
 */
class CandidateStepsAsideTest {

  private static final int N = 3;
  /** Windows of 4 slots: a candidate more than 128 windows (512 slots) behind steps aside. */
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2)
      .electionTimeoutTicks(10, 10).retransmitTicks(3).catchUpTicks(2).maxInFlight(4).clientRetryTicks(5)
      .clientWindow(8).build();
  private static final Ballot VIEW_0 = Ballot.ofView(0, N);

  /** Replica 1, following view 0 whose leader committed up to 1,000, its learner at {@code executed}. */
  private static Proposer candidate(long executed) {
    Proposer candidate = new Proposer(1, N, SETTINGS, new Random(42));
    candidate.handle(new Heartbeat(VIEW_0, 1_000));
    candidate.handle(new LearnerProgress(executed));
    return candidate;
  }

  @Test
  void aCandidateFarBehindVotesForTheNextViewInsteadOfPreparing() {
    Proposer candidate = candidate(1_000 - 513);
    candidate.handle(new ViewChangeVote(1, 2));

    List<Effect> effects = candidate.handle(new ViewChangeVote(1, 0));

    assertEquals(List.of(), sent(effects, Prepare.class));
    assertEquals(List.of(new ViewChangeVote(2, 1)), sent(effects, ViewChangeVote.class));
    assertEquals(Proposer.Mode.FOLLOWER, candidate.mode());
    assertEquals(List.of(), candidate.handle(new ViewChangeVote(1, 2)), "a declined view stays declined");
  }

  @Test
  void aCandidateThatLagsLittleLeads() {
    Proposer candidate = candidate(1_000 - 512);
    candidate.handle(new ViewChangeVote(1, 2));

    List<Effect> effects = candidate.handle(new ViewChangeVote(1, 0));

    assertEquals(acceptors(0, 1, 2), recipients(effects, Prepare.class));
  }

  @Test
  void withinTwoElectionTimeoutsOfSteppingAsideItLeadsBehindOrNot() {
    Proposer candidate = candidate(0);
    candidate.handle(new ViewChangeVote(1, 2));
    candidate.handle(new ViewChangeVote(1, 0)); // declined: it votes for view 2
    for (int tick = 0; tick < 19; tick++) {
      candidate.handle(Tick.INSTANCE);
    }
    // Nobody took view 2 or 3 up, and replica 1 is voted to lead view 4, still far behind.
    List<Effect> effects = candidate.handle(new ViewChangeVote(4, 2));

    assertEquals(acceptors(0, 1, 2), recipients(effects, Prepare.class),
        "replicas that all lag must still elect one of them");
  }

  @Test
  void twoElectionTimeoutsLaterItMayStepAsideAgain() {
    Proposer candidate = candidate(0);
    candidate.handle(new ViewChangeVote(1, 2));
    candidate.handle(new ViewChangeVote(1, 0));
    for (int tick = 0; tick < 20; tick++) {
      candidate.handle(Tick.INSTANCE);
    }
    List<Effect> effects = candidate.handle(new ViewChangeVote(4, 2));

    assertEquals(List.of(), sent(effects, Prepare.class));
    assertEquals(List.of(new ViewChangeVote(5, 1)), sent(effects, ViewChangeVote.class));
  }
}
