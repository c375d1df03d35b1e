package io.paxoschat.paxos;

import static io.paxoschat.paxos.EffectLists.acceptors;
import static io.paxoschat.paxos.EffectLists.learners;
import static io.paxoschat.paxos.EffectLists.recipients;
import static io.paxoschat.paxos.EffectLists.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.LeaderProgress;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.LeaderInfo;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.FollowerProgress;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.LearnerProgress;
import io.paxoschat.paxos.ProposerMessage.LinesOutOfOrder;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Propose;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProposerMessage.SuspectLeader;
import io.paxoschat.paxos.ProposerMessage.Tick;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProposerTest {

  private static final int N = 3;
  /** Heartbeat every 2 ticks, election timeout exactly 10 ticks, retransmit after 3. */
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(10, 10).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(5).clientWindow(8).build();

  private static final Ballot VIEW_0 = Ballot.ofView(0, N);
  private static final Ballot VIEW_1 = Ballot.ofView(1, N);
  private static final Ballot VIEW_2 = Ballot.ofView(2, N);
  private static final Ballot VIEW_3 = Ballot.ofView(3, N);

  private static final ChatLine A = new ChatLine(7, 1, "a");
  private static final ChatLine B = new ChatLine(7, 2, "b");
  private static final ChatLine C = new ChatLine(7, 3, "c");
  private static final ChatLine D = new ChatLine(8, 1, "d");
  private static final ChatLine E = new ChatLine(8, 2, "e");
  private static final ChatLine F = new ChatLine(9, 1, "f");
  private static final Command NOOP = Command.Noop.INSTANCE;

  private static Proposer proposer(int id) {
    return proposer(id, SETTINGS);
  }

  private static Proposer proposer(int id, ProtocolSettings settings) {
    return new Proposer(id, N, settings, new Random(42));
  }

  /** Replica 0 after winning phase 1 of view 0 with promises from acceptors 1 and 2. */
  private static Proposer leaderOfView0(ProtocolSettings settings) {
    Proposer leader = proposer(0, settings);
    leader.start();
    leader.handle(new Promise(VIEW_0, 1, List.of()));
    leader.handle(new Promise(VIEW_0, 2, List.of()));
    assertTrue(leader.isLeading());
    return leader;
  }

  private static Proposer leaderOfView0() {
    return leaderOfView0(SETTINGS);
  }

  private static List<Effect> ticks(Proposer proposer, int count) {
    List<Effect> effects = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      effects.addAll(proposer.handle(Tick.INSTANCE));
    }
    return effects;
  }

  /** slot -> command of the Accepts among {@code effects}, each checked to go to every acceptor. */
  private static Map<Long, Command> acceptsBySlot(List<Effect> effects, Ballot ballot) {
    Map<Long, Command> bySlot = new LinkedHashMap<>();
    Map<Long, Integer> copies = new LinkedHashMap<>();
    for (Accept accept : sent(effects, Accept.class)) {
      assertEquals(ballot, accept.ballot(), "accept " + accept);
      Command previous = bySlot.put(accept.slot(), accept.command());
      assertTrue(previous == null || previous.equals(accept.command()), "two values for slot " + accept.slot());
      copies.merge(accept.slot(), 1, Integer::sum);
    }
    copies.forEach((slot, count) -> assertEquals(N, count, "slot " + slot + " goes to every acceptor"));
    return bySlot;
  }

  // ---- phase 1 ----------------------------------------------------------------------------

  @Test
  void leaderOfView0PreparesEveryAcceptorAtStart() {
    Proposer leader = proposer(0);

    List<Effect> effects = leader.start();

    assertEquals(List.of(new Prepare(VIEW_0, 0), new Prepare(VIEW_0, 0), new Prepare(VIEW_0, 0)),
        sent(effects, Prepare.class));
    assertEquals(acceptors(0, 1, 2), recipients(effects, Prepare.class));
    assertEquals(Proposer.Mode.PREPARING, leader.mode());
  }

  @Test
  void otherReplicasStartAsSilentFollowers() {
    Proposer follower = proposer(1);

    assertEquals(List.of(), follower.start());
    assertEquals(Proposer.Mode.FOLLOWER, follower.mode());
  }

  @Test
  void becomesLeaderOnAMajorityOfDistinctPromises() {
    Proposer leader = proposer(0);
    leader.start();

    leader.handle(new Promise(VIEW_0, 1, List.of()));
    List<Effect> duplicate = leader.handle(new Promise(VIEW_0, 1, List.of()));

    assertEquals(Proposer.Mode.PREPARING, leader.mode(), "one acceptor promising twice is not a majority");
    assertEquals(List.of(), duplicate);

    List<Effect> effects = leader.handle(new Promise(VIEW_0, 2, List.of()));

    assertEquals(Proposer.Mode.LEADING, leader.mode());
    assertEquals(List.of(Address.proposer(1), Address.proposer(2)), recipients(effects, Heartbeat.class),
        "a new leader announces itself at once");
  }

  /**
   * A promise of many accepted batches comes in chunks, one round trip each: a candidate whose
   * phase 1 keeps moving must not give up for the election timeout it would take to hear a
   * whole promise, or a backlog longer than a timeout's worth of chunks could never be taken over.
   */
  @Test
  void aCandidateWhosePromiseChunksKeepComingDoesNotGiveUp() {
    Proposer leader = proposer(0); // election timeout 10 ticks
    leader.start();
    leader.handle(new Promise(VIEW_0, 0, List.of()));
    for (long chunk = 0; chunk < 10; chunk++) {
      ticks(leader, 6);
      PValue value = new PValue(chunk, VIEW_0, Command.Batch.of(new ChatLine(7, chunk + 1, "line " + chunk)));
      leader.handle(new Promise(VIEW_0, 1, chunk, List.of(value), chunk + 1, 0));
      assertEquals(Proposer.Mode.PREPARING, leader.mode(), "after chunk " + chunk + ", 60 ticks in all");
    }
    leader.handle(new Promise(VIEW_0, 1, 10, List.of(), Promise.COMPLETE, 0));

    assertEquals(Proposer.Mode.LEADING, leader.mode());
  }

  @Test
  void aCandidateGivesUpWhenItsPromiseChunksStop() {
    Proposer leader = proposer(0);
    leader.start();
    leader.handle(new Promise(VIEW_0, 0, List.of()));
    leader.handle(new Promise(VIEW_0, 1, 0, List.of(new PValue(0, VIEW_0, Command.Batch.of(A))), 1, 0));
    for (int i = 0; i < 2; i++) { // 12 ticks: past the timeout of 10, not past twice it
      ticks(leader, 6);
      // The same first chunk again (a retransmitted Prepare's answer) is no progress.
      leader.handle(new Promise(VIEW_0, 1, 0, List.of(new PValue(0, VIEW_0, Command.Batch.of(A))), 1, 0));
    }

    assertEquals(Proposer.Mode.FOLLOWER, leader.mode());
    assertEquals(Proposer.Doubt.CANDIDATE_FAILED, leader.doubt());
  }

  @Test
  void ignoresPromisesForAnotherBallot() {
    Proposer leader = proposer(0);
    leader.start();

    leader.handle(new Promise(VIEW_3, 1, List.of()));
    leader.handle(new Promise(VIEW_3, 2, List.of()));

    assertEquals(Proposer.Mode.PREPARING, leader.mode());
  }

  @Test
  void retransmitsPrepareOnlyToAcceptorsThatHaveNotPromised() {
    Proposer leader = proposer(0);
    leader.start();
    leader.handle(new Promise(VIEW_0, 1, List.of()));

    assertEquals(List.of(), recipients(ticks(leader, 2), Prepare.class));
    assertEquals(acceptors(0, 2), recipients(ticks(leader, 1), Prepare.class));
  }

  /** Replica 0 as candidate of view 3 (ballot 3.0), voted in by replicas 1 and 2. */
  private static Proposer candidateOfView3() {
    Proposer candidate = proposer(0);
    candidate.handle(new ViewChangeVote(3, 1));
    List<Effect> effects = candidate.handle(new ViewChangeVote(3, 2));
    assertEquals(Proposer.Mode.PREPARING, candidate.mode());
    assertEquals(VIEW_3, candidate.ballot());
    assertEquals(acceptors(0, 1, 2), recipients(effects, Prepare.class));
    return candidate;
  }

  @Test
  void phase1MergeReproposesTheHighestBallotValuePerSlotAndFillsHolesWithNoops() {
    Proposer candidate = candidateOfView3();

    candidate.handle(new Promise(VIEW_3, 1, List.of(
        new PValue(0, VIEW_1, Command.Batch.of(A)),
        new PValue(2, VIEW_2, Command.Batch.of(C)),      // higher ballot first...
        new PValue(4, VIEW_1, Command.Batch.of(D)))));
    List<Effect> effects = candidate.handle(new Promise(VIEW_3, 2, List.of(
        new PValue(2, VIEW_1, Command.Batch.of(B)),      // ...is not replaced by a lower one
        new PValue(4, VIEW_2, Command.Batch.of(E)))));   // and a higher one second wins too

    assertTrue(candidate.isLeading());
    Map<Long, Command> expected = new LinkedHashMap<>();
    expected.put(0L, Command.Batch.of(A));
    expected.put(1L, NOOP);
    expected.put(2L, Command.Batch.of(C));
    expected.put(3L, NOOP);
    expected.put(4L, Command.Batch.of(E));
    assertEquals(expected, acceptsBySlot(effects, VIEW_3));
  }

  @Test
  void newRequestsGoAfterTheHighestRecoveredSlot() {
    Proposer candidate = candidateOfView3();
    candidate.handle(new Promise(VIEW_3, 1, List.of(new PValue(4, VIEW_1, Command.Batch.of(D)))));
    candidate.handle(new Promise(VIEW_3, 2, List.of()));

    List<Effect> effects = candidate.handle(Propose.of(F));

    assertEquals(Map.of(5L, Command.Batch.of(F)), acceptsBySlot(effects, VIEW_3));
  }

  @Test
  void aRequestRecoveredInPhase1IsNotOrderedAgainWhenItsClientRetries() {
    Proposer candidate = candidateOfView3();
    candidate.handle(new Promise(VIEW_3, 1, List.of(new PValue(0, VIEW_1, Command.Batch.of(A)))));
    candidate.handle(new Promise(VIEW_3, 2, List.of()));

    assertEquals(List.of(), candidate.handle(Propose.of(A)));
  }

  @Test
  void phase1StartsFromTheFirstSlotNotYetExecuted() {
    Proposer candidate = proposer(0);
    candidate.handle(new LearnerProgress(3));
    candidate.handle(new ViewChangeVote(3, 1));
    List<Effect> prepares = candidate.handle(new ViewChangeVote(3, 2));
    assertEquals(new Prepare(VIEW_3, 3), sent(prepares, Prepare.class).get(0));

    candidate.handle(new Promise(VIEW_3, 1, List.of(new PValue(4, VIEW_1, Command.Batch.of(D)))));
    List<Effect> effects = candidate.handle(new Promise(VIEW_3, 2, List.of()));

    Map<Long, Command> expected = new LinkedHashMap<>();
    expected.put(3L, NOOP);
    expected.put(4L, Command.Batch.of(D));
    assertEquals(expected, acceptsBySlot(effects, VIEW_3));
    assertEquals(Map.of(5L, Command.Batch.of(F)), acceptsBySlot(candidate.handle(Propose.of(F)), VIEW_3));
  }

  @Test
  void requestsThatArriveDuringPhase1AreProposedOnceItIsWon() {
    Proposer leader = proposer(0);
    leader.start();

    assertEquals(List.of(), sent(leader.handle(Propose.of(A)), Accept.class));
    leader.handle(new Promise(VIEW_0, 1, List.of()));
    List<Effect> effects = leader.handle(new Promise(VIEW_0, 2, List.of()));

    assertEquals(Map.of(0L, Command.Batch.of(A)), acceptsBySlot(effects, VIEW_0));
  }

  // ---- phase 2 ----------------------------------------------------------------------------

  @Test
  void leaderSendsARequestToEveryAcceptorInTheNextSlot() {
    Proposer leader = leaderOfView0();

    assertEquals(Map.of(0L, Command.Batch.of(A)), acceptsBySlot(leader.handle(Propose.of(A)), VIEW_0));
    assertEquals(Map.of(1L, Command.Batch.of(B)), acceptsBySlot(leader.handle(Propose.of(B)), VIEW_0));
  }

  @Test
  void decisionGoesToEveryLearnerOnlyAfterAMajorityOfDistinctAccepted() {
    Proposer leader = leaderOfView0();
    leader.handle(Propose.of(A));

    assertEquals(List.of(), leader.handle(new Accepted(VIEW_0, 0, 0)));
    assertEquals(List.of(), leader.handle(new Accepted(VIEW_0, 0, 0)), "a duplicate Accepted is not a majority");

    List<Effect> effects = leader.handle(new Accepted(VIEW_0, 2, 0));

    assertEquals(learners(0), recipients(effects, Decision.class), "its own learner gets the value");
    assertEquals(List.of(new Decision(0, Command.Batch.of(A))), sent(effects, Decision.class));
    assertEquals(learners(1, 2), recipients(effects, LearnerMessage.Chosen.class),
        "the others take it from their acceptors");
    assertEquals(List.of(new LearnerMessage.Chosen(VIEW_0, 0), new LearnerMessage.Chosen(VIEW_0, 0)),
        sent(effects, LearnerMessage.Chosen.class));
    assertEquals(List.of(), leader.handle(new Accepted(VIEW_0, 1, 0)), "the slot is decided once");
    assertEquals(1, leader.commitIndex());
  }

  @Test
  void anAcceptedForAnotherBallotDoesNotCount() {
    Proposer leader = leaderOfView0();
    leader.handle(Propose.of(A));

    leader.handle(new Accepted(VIEW_1, 1, 0));
    List<Effect> effects = leader.handle(new Accepted(VIEW_0, 2, 0));

    assertEquals(List.of(), sent(effects, Decision.class));
  }

  @Test
  void retransmitsAnAcceptAfterRetransmitTicksToAcceptorsThatHaveNotAccepted() {
    Proposer leader = leaderOfView0();
    leader.handle(Propose.of(A));
    leader.handle(new Accepted(VIEW_0, 1, 0));

    assertEquals(List.of(), sent(ticks(leader, 2), Accept.class));
    List<Effect> retransmit = ticks(leader, 1);
    assertEquals(List.of(new Accept(VIEW_0, 0, Command.Batch.of(A)), new Accept(VIEW_0, 0, Command.Batch.of(A))), sent(retransmit, Accept.class));
    assertEquals(acceptors(0, 2), recipients(retransmit, Accept.class));
    assertEquals(List.of(), sent(ticks(leader, 2), Accept.class));
    assertEquals(acceptors(0, 2), recipients(ticks(leader, 1), Accept.class), "and again, until decided");
  }

  @Test
  void aRetriedRequestStillInFlightIsNotProposedAgain() {
    Proposer leader = leaderOfView0();
    leader.handle(Propose.of(A));

    assertEquals(List.of(), leader.handle(Propose.of(A)));
    assertEquals(Map.of(1L, Command.Batch.of(B)), acceptsBySlot(leader.handle(Propose.of(B)), VIEW_0));
  }

  @Test
  void aPrimaryThatSkipsASlotLeavesItEmptyAndItsCommitIndexStopsThere() {
    Proposer leader = proposer(0);
    leader.leaveSlotEmptyInView0(1);
    leader.start();
    leader.handle(new Promise(VIEW_0, 1, List.of()));
    leader.handle(new Promise(VIEW_0, 2, List.of()));

    assertEquals(Map.of(0L, Command.Batch.of(A)), acceptsBySlot(leader.handle(Propose.of(A)), VIEW_0));
    assertEquals(Map.of(2L, Command.Batch.of(B)), acceptsBySlot(leader.handle(Propose.of(B)), VIEW_0), "slot 1 is skipped");
    for (int acceptor = 0; acceptor < 3; acceptor++) {
      leader.handle(new Accepted(VIEW_0, acceptor, 0));
      leader.handle(new Accepted(VIEW_0, acceptor, 2));
    }
    assertEquals(1, leader.commitIndex(), "slot 2 is decided, but the hole at 1 is never filled by this leader");
    assertEquals(List.of(), sent(ticks(leader, 3 * SETTINGS.retransmitTicks()), Accept.class), "nothing to retransmit");
  }

  @Test
  void aCopyOfADecidedLineIsNotProposedAgain() {
    Proposer leader = leaderOfView0();
    leader.handle(Propose.of(A));
    leader.handle(new Accepted(VIEW_0, 0, 0));
    leader.handle(new Accepted(VIEW_0, 1, 0));

    assertEquals(List.of(), leader.handle(Propose.of(A)), "its learner answers the client once it executes");
  }

  @Test
  void aLineIsProposedOnlyAfterItsClientsPreviousLine() {
    Proposer leader = leaderOfView0();

    assertEquals(List.of(), leader.handle(new Propose(7, List.of(B), 0)), "seq 1 has not come yet");
    assertEquals(1, leader.waitingCount());
    assertEquals(Map.of(0L, Command.Batch.of(A, B)), acceptsBySlot(leader.handle(new Propose(7, List.of(A), 0)), VIEW_0));
  }

  @Test
  void linesThatQueueWhileTheWindowIsFullLeaveAsOneBatch() {
    ProtocolSettings oneInFlight = SETTINGS.toBuilder().maxInFlight(1).build();
    Proposer leader = leaderOfView0(oneInFlight);
    leader.handle(Propose.of(A));
    leader.handle(Propose.of(B));
    leader.handle(Propose.of(C));
    leader.handle(Propose.of(D));
    leader.handle(new Accepted(VIEW_0, 0, 0));

    List<Effect> effects = leader.handle(new Accepted(VIEW_0, 1, 0));

    assertEquals(Map.of(1L, Command.Batch.of(B, C, D)), acceptsBySlot(effects, VIEW_0));
  }

  @Test
  void aBatchStaysWithinItsLineAndByteBounds() {
    ProtocolSettings small = SETTINGS.toBuilder().maxInFlight(1).maxBatchLines(2).build();
    Proposer leader = leaderOfView0(small);
    leader.handle(Propose.of(A));
    leader.handle(new Propose(7, List.of(B, C), 1));
    leader.handle(Propose.of(D));
    leader.handle(new Accepted(VIEW_0, 0, 0));
    List<Effect> effects = leader.handle(new Accepted(VIEW_0, 1, 0));
    assertEquals(Map.of(1L, Command.Batch.of(B, C)), acceptsBySlot(effects, VIEW_0), "two lines at most");

    ProtocolSettings tiny = SETTINGS.toBuilder().maxInFlight(1).maxBatchBytes(2 * WireSize.PER_LINE + WireSize.PER_SLOT).build();
    Proposer other = leaderOfView0(tiny);
    other.handle(Propose.of(A));
    other.handle(new Propose(7, List.of(B, C), 1));
    other.handle(new Accepted(VIEW_0, 0, 0));
    assertEquals(Map.of(1L, Command.Batch.of(B)), acceptsBySlot(other.handle(new Accepted(VIEW_0, 1, 0)), VIEW_0),
        "B and C together pass the byte bound");
  }

  @Test
  void aSkipReportedFromASlotBeforeThisViewIsIgnored() {
    Proposer candidate = proposer(0);
    candidate.handle(new LearnerProgress(3));
    candidate.handle(new ViewChangeVote(3, 1));
    candidate.handle(new ViewChangeVote(3, 2));
    candidate.handle(new Promise(VIEW_3, 1, List.of()));
    candidate.handle(new Promise(VIEW_3, 2, List.of()));
    assertEquals(Map.of(3L, Command.Batch.of(A)), acceptsBySlot(candidate.handle(Propose.of(A)), VIEW_3));

    candidate.handle(new LinesOutOfOrder(7, 0, 2)); // a lagging learner, in a slot of an earlier view
    assertEquals(List.of(), candidate.handle(Propose.of(A)), "A is proposed in this view: a copy is dropped");
    candidate.handle(new LinesOutOfOrder(7, 0, 3));
    assertEquals(Map.of(4L, Command.Batch.of(A)), acceptsBySlot(candidate.handle(Propose.of(A)), VIEW_3));
  }

  @Test
  void aLineSkippedForOvertakingItsPredecessorIsProposedAgainWhenResent() {
    Proposer leader = leaderOfView0();
    leader.handle(Propose.of(A));
    leader.handle(new Propose(7, List.of(B), 1));
    assertEquals(List.of(), leader.handle(new Propose(7, List.of(B), 1)), "a copy of a proposed line waits");

    leader.handle(new LinesOutOfOrder(7, 0, 5)); // B was decided ahead of A, which a view change lost
    leader.handle(new LinesOutOfOrder(7, 0, 0)); // slot 0 is this view's too
    assertEquals(Map.of(2L, Command.Batch.of(A, B)), acceptsBySlot(leader.handle(new Propose(7, List.of(A, B), 0)), VIEW_0));
  }

  @Test
  void respectsMaxInFlightAndProposesWaitingRequestsAsSlotsAreDecided() {
    ProtocolSettings twoInFlight = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(10, 10).retransmitTicks(3).catchUpTicks(2).maxInFlight(2).clientRetryTicks(5).clientWindow(8).build();
    Proposer leader = leaderOfView0(twoInFlight);

    assertEquals(Map.of(0L, Command.Batch.of(A)), acceptsBySlot(leader.handle(Propose.of(A)), VIEW_0));
    assertEquals(Map.of(1L, Command.Batch.of(B)), acceptsBySlot(leader.handle(Propose.of(B)), VIEW_0));
    assertEquals(List.of(), leader.handle(Propose.of(C)));
    assertEquals(2, leader.inFlightCount());
    assertEquals(1, leader.waitingCount());

    leader.handle(new Accepted(VIEW_0, 0, 1));
    List<Effect> effects = leader.handle(new Accepted(VIEW_0, 1, 1));

    assertEquals(List.of(new Decision(1, Command.Batch.of(B))), sent(effects, Decision.class).subList(0, 1));
    assertEquals(Map.of(2L, Command.Batch.of(C)), acceptsBySlot(effects, VIEW_0));
    assertEquals(0, leader.waitingCount());
    assertEquals(0, leader.commitIndex(), "slot 0 is still open");
  }

  // ---- views ------------------------------------------------------------------------------

  @Test
  void aRejectionWithAHigherBallotMakesTheLeaderAFollowerOfThatView() {
    Proposer leader = leaderOfView0();

    leader.handle(new Rejected(Ballot.ofView(4, N), 2));

    assertEquals(Proposer.Mode.FOLLOWER, leader.mode());
    assertEquals(4, leader.view());
    assertEquals(List.of(new Effect.Send(Address.learner(1), ClientRequest.of(A))), leader.handle(Propose.of(A)),
        "requests now go to the leader of view 4");
  }

  @Test
  void aCandidateThatIsRejectedHandsItsQueuedRequestsToTheNewLeader() {
    Proposer candidate = proposer(0);
    candidate.start();
    candidate.handle(Propose.of(A));

    List<Effect> effects = candidate.handle(new Rejected(VIEW_1, 1));

    assertEquals(Proposer.Mode.FOLLOWER, candidate.mode());
    assertEquals(List.of(new Effect.Send(Address.learner(1), ClientRequest.of(A))), effects);
  }

  @Test
  void aLeaderSendsHeartbeatsEveryHeartbeatTicks() {
    Proposer leader = leaderOfView0();

    for (int tick = 1; tick <= 6; tick++) {
      List<Effect> effects = ticks(leader, 1);
      if (tick % SETTINGS.heartbeatTicks() == 0) {
        assertEquals(List.of(Address.proposer(1), Address.proposer(2)), recipients(effects, Heartbeat.class),
            "tick " + tick);
        assertEquals(List.of(Address.learner(0)), recipients(effects, LeaderInfo.class), "tick " + tick);
      } else {
        assertEquals(List.of(), sent(effects, Heartbeat.class), "tick " + tick);
      }
    }
  }

  @Test
  void aHeartbeatCarriesTheCommitIndex() {
    Proposer leader = leaderOfView0();
    leader.handle(Propose.of(A));
    leader.handle(new Accepted(VIEW_0, 0, 0));
    leader.handle(new Accepted(VIEW_0, 1, 0));

    List<Heartbeat> heartbeats = sent(ticks(leader, SETTINGS.heartbeatTicks()), Heartbeat.class);

    assertEquals(new Heartbeat(VIEW_0, 1), heartbeats.get(0));
  }

  @Test
  void aHeartbeatCarriesTheNextSlotBeyondWhatIsInFlight() {
    Proposer leader = leaderOfView0();
    leader.handle(Propose.of(A));
    leader.handle(new Accepted(VIEW_0, 0, 0));
    leader.handle(new Accepted(VIEW_0, 1, 0));
    leader.handle(Propose.of(B)); // slot 1, in flight

    List<Effect> effects = ticks(leader, SETTINGS.heartbeatTicks());

    assertEquals(new Heartbeat(VIEW_0, 1, 0, 2), sent(effects, Heartbeat.class).get(0));
    assertEquals(List.of(new LeaderProgress(VIEW_0, 2, 1, 0)), sent(effects, LeaderProgress.class), "to its own acceptor");
  }

  @Test
  void aFollowerWithoutHeartbeatsForTheElectionTimeoutVotesForTheNextView() {
    Proposer follower = proposer(2);
    follower.start();

    assertEquals(List.of(), ticks(follower, 9));
    List<Effect> effects = ticks(follower, 1);

    assertEquals(List.of(new Effect.Send(Address.proposer(1), new ViewChangeVote(1, 2))), effects);
  }

  @Test
  void heartbeatsKeepAFollowerLoyal() {
    Proposer follower = proposer(2);
    ticks(follower, 6);

    List<Effect> onHeartbeat = follower.handle(new Heartbeat(VIEW_0, 5, 0, 7));

    assertEquals(List.of(
        new Effect.Send(Address.acceptor(2), new LeaderProgress(VIEW_0, 7, 5, 0)), // for a rejoining acceptor
        new Effect.Send(Address.learner(2), new LeaderInfo(0, 5)),
        new Effect.Send(Address.proposer(0), new FollowerProgress(2, 0))), onHeartbeat);
    assertEquals(List.of(), sent(ticks(follower, 9), ViewChangeVote.class));
    assertEquals(List.of(new ViewChangeVote(1, 2)), sent(ticks(follower, 1), ViewChangeVote.class));
  }

  @Test
  void aFollowerRepeatsItsVoteUntilANewLeaderAppears() {
    Proposer follower = proposer(2);
    ticks(follower, 10);

    assertEquals(List.of(), sent(ticks(follower, 2), ViewChangeVote.class));
    assertEquals(List.of(new ViewChangeVote(1, 2)), sent(ticks(follower, 1), ViewChangeVote.class));

    follower.handle(new Heartbeat(VIEW_1, 0));
    assertEquals(1, follower.view());
    assertEquals(List.of(), sent(ticks(follower, 9), ViewChangeVote.class));
  }

  @Test
  void theLeaderOfAViewStartsPhase1OnlyAfterAMajorityOfVotes() {
    Proposer next = proposer(1);

    assertEquals(List.of(), next.handle(new ViewChangeVote(1, 2)));
    assertEquals(List.of(), next.handle(new ViewChangeVote(1, 2)), "one voter twice is not a majority");
    assertEquals(Proposer.Mode.FOLLOWER, next.mode());

    List<Effect> effects = next.handle(new ViewChangeVote(1, 0));

    assertEquals(Proposer.Mode.PREPARING, next.mode());
    assertEquals(VIEW_1, next.ballot());
    assertEquals(acceptors(0, 1, 2), recipients(effects, Prepare.class));
    assertEquals(new Prepare(VIEW_1, 0), sent(effects, Prepare.class).get(0));
  }

  @Test
  void itsOwnElectionTimeoutCountsAsOneVote() {
    Proposer next = proposer(1);
    assertEquals(List.of(), ticks(next, 10), "it votes for itself without a message");

    List<Effect> effects = next.handle(new ViewChangeVote(1, 2));

    assertEquals(acceptors(0, 1, 2), recipients(effects, Prepare.class));
  }

  @Test
  void ignoresVotesForAViewItDoesNotLead() {
    Proposer replica1 = proposer(1);

    replica1.handle(new ViewChangeVote(2, 0));
    List<Effect> effects = replica1.handle(new ViewChangeVote(2, 2));

    assertEquals(List.of(), effects);
    assertEquals(Proposer.Mode.FOLLOWER, replica1.mode());
  }

  @Test
  void aLearnerStuckOnASlotMakesItsFollowerVoteOnce() {
    Proposer follower = proposer(2);

    assertEquals(List.of(new Effect.Send(Address.proposer(1), new ViewChangeVote(1, 2))),
        follower.handle(new SuspectLeader(0)));
    assertEquals(List.of(), follower.handle(new SuspectLeader(0)));
  }

  @Test
  void suspicionOfAnEarlierViewIsIgnored() {
    Proposer follower = proposer(2);
    follower.handle(new Heartbeat(VIEW_3, 0));

    assertEquals(List.of(), follower.handle(new SuspectLeader(2)));
  }

  @Test
  void aFollowerForwardsRequestsToItsLeader() {
    Proposer follower = proposer(2);
    follower.handle(new Heartbeat(Ballot.ofView(4, N), 0));

    assertEquals(List.of(new Effect.Send(Address.learner(1), ClientRequest.of(A))), follower.handle(Propose.of(A)),
        "through the leader's learner, which answers at once for a line it already executed");
  }

  @Test
  void requestsReachingAFollowerWhileTheLogStandsStillMakeItVote() {
    Proposer follower = proposer(2);
    follower.handle(Propose.of(A));

    List<Effect> effects = new ArrayList<>();
    for (int tick = 1; tick <= 2 * SETTINGS.electionTimeoutMaxTicks(); tick++) {
      assertEquals(List.of(), sent(effects, ViewChangeVote.class), "tick " + tick);
      follower.handle(new Heartbeat(VIEW_0, 0)); // the leader is alive but orders nothing
      effects.addAll(follower.handle(Tick.INSTANCE));
    }

    assertEquals(List.of(new ViewChangeVote(1, 2)), sent(effects, ViewChangeVote.class));
  }

  @Test
  void aFollowerHandsTheRequestsItSawToANewLeaderAtOnce() {
    Proposer follower = proposer(2);
    follower.handle(Propose.of(A));
    follower.handle(Propose.of(B));

    List<Effect> effects = follower.handle(new Heartbeat(VIEW_1, 0));

    assertEquals(List.of(ClientRequest.of(A), ClientRequest.of(B)), sent(effects, ClientRequest.class));
    assertEquals(List.of(Address.learner(1), Address.learner(1)), recipients(effects, ClientRequest.class));
    assertEquals(List.of(), sent(follower.handle(new Heartbeat(VIEW_1, 0)), ClientRequest.class), "only once");
  }

  @Test
  void aFollowerThatBecomesLeaderOrdersTheRequestsItSaw() {
    Proposer next = proposer(1);
    next.handle(Propose.of(A));
    next.handle(new ViewChangeVote(1, 0));
    next.handle(new ViewChangeVote(1, 2));
    next.handle(new Promise(VIEW_1, 0, List.of()));

    List<Effect> effects = next.handle(new Promise(VIEW_1, 2, List.of()));

    assertEquals(Map.of(0L, Command.Batch.of(A)), acceptsBySlot(effects, VIEW_1));
  }

  @Test
  void requestsReachingAFollowerWhileTheLogMovesDoNotMakeItVote() {
    Proposer follower = proposer(2);
    follower.handle(Propose.of(A));

    List<Effect> effects = new ArrayList<>();
    for (int tick = 1; tick <= 3 * SETTINGS.electionTimeoutMaxTicks(); tick++) {
      follower.handle(new Heartbeat(VIEW_0, tick));
      follower.handle(new LearnerProgress(tick));
      effects.addAll(follower.handle(Tick.INSTANCE));
    }

    assertEquals(List.of(), sent(effects, ViewChangeVote.class));
    assertFalse(follower.isLeading());
  }
}
