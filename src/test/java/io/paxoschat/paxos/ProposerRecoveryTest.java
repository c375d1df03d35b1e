package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.LeaderProgress;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.AcceptorMessage.Prune;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.LeaderInfo;
import io.paxoschat.paxos.ProposerMessage.FollowerProgress;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.LearnerProgress;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A proposer after a restart, and a new leader facing acceptors that pruned. */
class ProposerRecoveryTest {

  private static final int N = 3;
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(10, 15).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(30).clientWindow(8).build();
  private static final Command LINE = Command.Batch.of(new ChatLine(1, 4, "kept"));

  private static Proposer proposer(int id) {
    return new Proposer(id, N, SETTINGS, new Random(7));
  }

  private static <T> List<T> sent(List<Effect> effects, Class<T> type) {
    return effects.stream().filter(Effect.Send.class::isInstance).map(e -> ((Effect.Send) e).message())
        .filter(type::isInstance).map(type::cast).toList();
  }

  /** Accepts by slot that {@code effects} send, one per slot (to acceptor 0). */
  private static TreeMap<Long, Command> accepts(List<Effect> effects) {
    TreeMap<Long, Command> bySlot = new TreeMap<>();
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send && send.message() instanceof Accept accept
          && send.to().equals(Address.acceptor(0))) {
        bySlot.put(accept.slot(), accept.command());
      }
    }
    return bySlot;
  }

  // ---- phase 1 with pruned acceptors -------------------------------------------------------

  @Test
  void aNewLeaderStartsPhase2AtTheHighestPrunedSlotAndNeverFillsBelowIt() {
    Proposer leader = proposer(0);
    Ballot ballot = Ballot.ofView(0, N);
    leader.start();

    leader.handle(new Promise(ballot, 1, 0, List.of(new PValue(12, ballot, LINE)), Promise.COMPLETE, 10));
    List<Effect> effects = leader.handle(new Promise(ballot, 2, 0, List.of(), Promise.COMPLETE, 0));

    assertTrue(leader.isLeading());
    TreeMap<Long, Command> accepts = accepts(effects);
    assertEquals(10L, accepts.firstKey(), "no proposal below the pruned slot: " + accepts);
    assertEquals(Command.Noop.INSTANCE, accepts.get(10L));
    assertEquals(Command.Noop.INSTANCE, accepts.get(11L));
    assertEquals(LINE, accepts.get(12L));
    leader.handle(new ProposerMessage.LearnerProgress(10)); // its learner fetched the pruned slots
    List<Effect> next = leader.handle(ProposerMessage.Propose.of(new ChatLine(2, 1, "new")));
    assertEquals(List.of(13L), List.copyOf(accepts(next).keySet()), "new requests go after the recovered ones");
  }

  @Test
  void aLeaderWhoseLearnerLagsBehindItsViewHandsLinesBackUntilItCaughtUp() {
    Proposer leader = proposer(0);
    Ballot ballot = Ballot.ofView(0, N);
    leader.start();
    leader.handle(new Promise(ballot, 1, 0, List.of(), Promise.COMPLETE, 10));
    leader.handle(new Promise(ballot, 2, 0, List.of(), Promise.COMPLETE, 0));
    ChatLine line = new ChatLine(2, 5, "is it executed already?");

    assertEquals(List.of(), leader.handle(new ProposerMessage.Propose(2, List.of(line), 0)),
        "its learner has not executed slots 0..9 yet, so it cannot tell");
    // Executed, not yet fsynced: what executed is what the learner can tell, durable or not.
    List<Effect> caughtUp = leader.handle(new ProposerMessage.LearnerProgress(10, 0));
    assertEquals(List.of(new Effect.Send(Address.learner(0), new LearnerMessage.ClientRequest(2, List.of(line)))),
        caughtUp.stream().filter(e -> e instanceof Effect.Send s && s.message() instanceof LearnerMessage.ClientRequest).toList(),
        "back to its learner, which now knows");
  }

  @Test
  void aValueReportedBelowAnotherAcceptorsPruningPointIsNotReproposed() {
    Proposer leader = proposer(0);
    Ballot ballot = Ballot.ofView(0, N);
    leader.start();

    // Acceptor 1 still holds slot 3 (it has not heard of the pruning yet); acceptor 2 pruned below 8.
    leader.handle(new Promise(ballot, 1, 0, List.of(new PValue(3, Ballot.ofView(0, N), LINE)), Promise.COMPLETE, 0));
    List<Effect> effects = leader.handle(new Promise(ballot, 2, 0, List.of(), Promise.COMPLETE, 8));

    assertEquals(List.of(), List.copyOf(accepts(effects).keySet()), "slots 3..7 are decided and executed");
    assertEquals(8, leader.commitIndex());
  }

  // ---- restart ----------------------------------------------------------------------------

  @Test
  void aRestartedProposerFollowsThePromisedViewEvenIfItWouldLeadIt() {
    Proposer restarted = proposer(1);
    Ballot promised = Ballot.ofView(4, N); // view 4 is led by replica 1 itself

    List<Effect> first = restarted.restart(promised, 50);

    assertEquals(Proposer.Mode.FOLLOWER, restarted.mode());
    assertEquals(4, restarted.view());
    assertEquals(List.of(), sent(first, Prepare.class), "no phase 1 in a stale view");
    for (int tick = 0; tick < SETTINGS.electionTimeoutMinTicks() - 1; tick++) {
      List<Effect> effects = restarted.handle(ProposerMessage.Tick.INSTANCE);
      assertEquals(List.of(), sent(effects, Prepare.class), "no phase 1 in a stale view");
    }
  }

  @Test
  void aRestartedLeaderResignsItsViewAtOnceToEveryPeer() {
    Proposer restarted = proposer(1);

    List<Effect> first = restarted.restart(Ballot.ofView(4, N), 50); // its own view

    assertEquals(List.of(
        new Effect.Send(Address.proposer(0), new ViewChangeVote(5, 1)),
        new Effect.Send(Address.proposer(2), new ViewChangeVote(5, 1))), first,
        "the followers of view 4 learn at once that its leader will not lead it again");
    assertEquals(Proposer.Doubt.LEADER_RESIGNED, restarted.doubt());
    List<Effect> repeated = new java.util.ArrayList<>();
    for (int tick = 0; tick < SETTINGS.retransmitTicks(); tick++) {
      repeated.addAll(restarted.handle(ProposerMessage.Tick.INSTANCE));
    }
    assertEquals(List.of(Address.proposer(0), Address.proposer(2)),
        repeated.stream().filter(e -> e instanceof Effect.Send s && s.message() instanceof ViewChangeVote)
            .map(e -> ((Effect.Send) e).to()).toList(),
        "repeated to every peer, as peers that restart with it may not be up yet");
  }

  @Test
  void aRestartedFollowerWaitsForItsLeaderAsBefore() {
    Proposer restarted = proposer(1);

    assertEquals(List.of(), restarted.restart(Ballot.ofView(3, N), 50)); // view 3 is led by replica 0
  }

  @Test
  void followersVoteAtOnceWhenTheLeaderOfTheirViewResigns() {
    // View 4 is led by replica 1, view 5 by replica 2.
    Proposer follower = proposer(0);
    follower.handle(new Heartbeat(Ballot.ofView(4, N), 10));
    Proposer candidate = proposer(2);
    candidate.handle(new Heartbeat(Ballot.ofView(4, N), 10));

    List<Effect> joined = follower.handle(new ViewChangeVote(5, 1));
    assertEquals(List.of(new Effect.Send(Address.proposer(2), new ViewChangeVote(5, 0))), joined);
    assertEquals(Proposer.Doubt.LEADER_RESIGNED, follower.doubt());

    // The candidate joins too; with the resigned leader's vote that is a majority of three.
    List<Effect> started = candidate.handle(new ViewChangeVote(5, 1));
    assertEquals(Proposer.Mode.PREPARING, candidate.mode());
    assertEquals(Ballot.ofView(5, N), sent(started, Prepare.class).get(0).ballot());
  }

  @Test
  void aVoteFromAnotherFollowerIsNoResignation() {
    Proposer follower = proposer(0);
    follower.handle(new Heartbeat(Ballot.ofView(4, N), 10));

    assertEquals(List.of(), follower.handle(new ViewChangeVote(5, 2)),
        "replica 2 does not lead view 4: its doubt alone moves nobody who hears the leader");
  }

  @Test
  void aRestartedProposerVotesForTheNextViewAndRunsPhase1FromWhereItsLogEnds() {
    Proposer restarted = proposer(1);
    restarted.restart(Ballot.ofView(2, N), 50);

    List<ViewChangeVote> votes = List.of();
    for (int tick = 0; tick < SETTINGS.electionTimeoutMaxTicks() && votes.isEmpty(); tick++) {
      votes = sent(restarted.handle(ProposerMessage.Tick.INSTANCE), ViewChangeVote.class);
    }
    assertEquals(List.of(new ViewChangeVote(3, 1)), votes, "gives up on view 2 and votes for 3");

    // Votes for view 7 (led by replica 1) from a majority start phase 1 there, from slot 50.
    // (Doubting its leader too, it joins the first of them with its own vote.)
    List<Effect> effects = new java.util.ArrayList<>(restarted.handle(new ViewChangeVote(7, 0)));
    effects.addAll(restarted.handle(new ViewChangeVote(7, 2)));
    assertEquals(new Prepare(Ballot.ofView(7, N), 50), sent(effects, Prepare.class).get(0));
  }

  // ---- compaction point -------------------------------------------------------------------

  private static Proposer leaderOfView0() {
    Proposer leader = proposer(0);
    Ballot ballot = Ballot.ofView(0, N);
    leader.start();
    leader.handle(new Promise(ballot, 1, List.of()));
    leader.handle(new Promise(ballot, 2, List.of()));
    assertTrue(leader.isLeading());
    return leader;
  }

  private static List<Effect> untilHeartbeat(Proposer leader) {
    for (int tick = 0; tick < 10; tick++) {
      List<Effect> effects = leader.handle(ProposerMessage.Tick.INSTANCE);
      if (!sent(effects, Heartbeat.class).isEmpty()) {
        return effects;
      }
    }
    throw new AssertionError("no heartbeat");
  }

  @Test
  void theLeaderAnnouncesTheLowestExecutedSlotOfAMajorityItHearsFrom() {
    Proposer leader = leaderOfView0();
    leader.handle(new LearnerProgress(100));
    leader.handle(new FollowerProgress(1, 80));

    List<Effect> effects = untilHeartbeat(leader);

    assertEquals(80, sent(effects, Heartbeat.class).get(0).compactBelow());
    assertEquals(List.of(new Prune(80)), sent(effects, Prune.class), "its own acceptor prunes too");
    assertEquals(80, sent(effects, LeaderInfo.class).get(0).compactBelow(), "and its own learner");
  }

  @Test
  void theLeaderCompactsOnlyWhatItsOwnChatLogHoldsDurably() {
    Proposer leader = leaderOfView0();
    leader.handle(new LearnerProgress(100, 60)); // executed 100, fsynced through 60
    leader.handle(new FollowerProgress(1, 80));

    List<Effect> effects = untilHeartbeat(leader);

    assertEquals(60, sent(effects, Heartbeat.class).get(0).compactBelow());
    assertEquals(List.of(new Prune(60)), sent(effects, Prune.class));
  }

  @Test
  void withoutAMajorityHeardFromNothingIsCompacted() {
    Proposer leader = leaderOfView0();
    leader.handle(new LearnerProgress(100));

    List<Effect> effects = untilHeartbeat(leader);

    assertEquals(0, sent(effects, Heartbeat.class).get(0).compactBelow());
    assertEquals(List.of(), sent(effects, Prune.class));
  }

  @Test
  void aSilentReplicaStopsHoldingCompactionBack() {
    Proposer leader = leaderOfView0();
    leader.handle(new LearnerProgress(100));
    leader.handle(new FollowerProgress(2, 5)); // replica 2 reports once, then goes silent
    leader.handle(new FollowerProgress(1, 90));
    assertEquals(5, sent(untilHeartbeat(leader), Heartbeat.class).get(0).compactBelow());

    long compactBelow = 5;
    for (int tick = 0; tick <= SETTINGS.electionTimeoutMaxTicks() + 2; tick++) {
      leader.handle(new FollowerProgress(1, 90));
      for (Heartbeat heartbeat : sent(leader.handle(ProposerMessage.Tick.INSTANCE), Heartbeat.class)) {
        compactBelow = heartbeat.compactBelow();
      }
    }
    assertEquals(90, compactBelow);
  }

  @Test
  void aFollowerReportsOnlyWhatItsChatLogHoldsDurably() {
    Proposer follower = proposer(1);
    follower.handle(new LearnerProgress(42, 17));

    List<Effect> effects = follower.handle(new Heartbeat(Ballot.ofView(0, N), 60, 30, 64));

    assertEquals(List.of(new FollowerProgress(1, 17)), sent(effects, FollowerProgress.class));
    assertEquals(17, sent(effects, LeaderProgress.class).get(0).durableUpTo(),
        "a rejoining acceptor prunes below its bar only once the chat log holds it durably");
  }

  @Test
  void aFollowerAnswersHeartbeatsWithItsProgressAndPassesTheCompactionPointOn() {
    Proposer follower = proposer(1);
    follower.handle(new LearnerProgress(42));

    List<Effect> effects = follower.handle(new Heartbeat(Ballot.ofView(0, N), 60, 30, 64));

    assertEquals(List.of(new FollowerProgress(1, 42)), sent(effects, FollowerProgress.class));
    assertEquals(List.of(new Prune(30)), sent(effects, Prune.class));
    assertEquals(List.of(new LeaderInfo(0, 60, 30)), sent(effects, LeaderInfo.class));
  }
}
