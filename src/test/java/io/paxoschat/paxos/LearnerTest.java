package io.paxoschat.paxos;

import static io.paxoschat.paxos.EffectLists.executed;
import static io.paxoschat.paxos.EffectLists.recipients;
import static io.paxoschat.paxos.EffectLists.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.CatchUpRequest;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.LeaderInfo;
import io.paxoschat.paxos.LearnerMessage.Tick;
import io.paxoschat.paxos.ProposerMessage.LearnerProgress;
import io.paxoschat.paxos.ProposerMessage.Propose;
import io.paxoschat.paxos.ProposerMessage.SuspectLeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnerTest {

  private static final int N = 3;
  private static final int ME = 1;
  /** Catch up after 2 ticks stuck; the longest election timeout is 10 ticks. */
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(8, 10).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(5).clientWindow(8).build();

  private static final Command NOOP = Command.Noop.INSTANCE;
  private static final ChatLine ALICE_1 = new ChatLine(7, 1, "hello");
  private static final ChatLine ALICE_2 = new ChatLine(7, 2, "hello again");
  private static final ChatLine BOB_1 = new ChatLine(8, 1, "hi");

  private final Learner learner = new Learner(ME, N, SETTINGS);

  private static Effect.Execute execute(long slot, Command command) {
    return new Effect.Execute(slot, command);
  }

  /** A reply to a client without a session whose line {@code executedUpToSeq} alone executed in {@code slot}. */
  private static Effect.Send replyTo(int clientId, long executedUpToSeq, long slot, long view) {
    return new Effect.Send(Address.client(clientId),
        new ClientReply(clientId, -1, executedUpToSeq, slot, executedUpToSeq, view));
  }

  private List<Effect> ticks(int count) {
    List<Effect> effects = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      effects.addAll(learner.handle(Tick.INSTANCE));
    }
    return effects;
  }

  // ---- execution --------------------------------------------------------------------------

  @Test
  void executesStrictlyInSlotOrder() {
    List<Effect> early = learner.handle(new Decision(1, Command.Batch.of(BOB_1)));

    assertEquals(List.of(), early, "slot 1 waits for slot 0");

    List<Effect> effects = learner.handle(new Decision(0, Command.Batch.of(ALICE_1)));

    assertEquals(List.of(execute(0, Command.Batch.of(ALICE_1)), execute(1, Command.Batch.of(BOB_1))), executed(effects));
    assertEquals(2, learner.nextToExecute());
  }

  // ---- values from this replica's acceptor, a Chosen from the leader ------------------------

  private static final Ballot B1 = Ballot.ofView(1, N);
  private static final Ballot B2 = Ballot.ofView(2, N);

  private static LearnerMessage.AcceptedHere acceptedHere(long slot, Ballot ballot, Command command) {
    return new LearnerMessage.AcceptedHere(new PValue(slot, ballot, command));
  }

  @Test
  void aChosenSlotTakesTheValueItsAcceptorAcceptedInThatBallotInEitherOrder() {
    assertEquals(List.of(), learner.handle(acceptedHere(0, B1, Command.Batch.of(ALICE_1))), "accepted is not chosen");
    assertEquals(List.of(execute(0, Command.Batch.of(ALICE_1))),
        executed(learner.handle(new LearnerMessage.Chosen(B1, 0))));

    assertEquals(List.of(), learner.handle(new LearnerMessage.Chosen(B1, 1)), "the value has not come yet");
    assertEquals(List.of(execute(1, Command.Batch.of(BOB_1))),
        executed(learner.handle(acceptedHere(1, B1, Command.Batch.of(BOB_1)))));
    assertEquals(2, learner.nextToExecute());
    assertEquals(List.of(), learner.handle(acceptedHere(1, B1, Command.Batch.of(BOB_1))), "a retransmission changes nothing");
  }

  /**
   * The value a replica's acceptor accepted in one ballot may lose to another ballot's: only the
   * value of the ballot that was chosen executes, whichever comes first.
   */
  @Test
  void aValueAcceptedInAnotherBallotIsNeverTakenForTheChosenOne() {
    learner.handle(acceptedHere(0, B1, Command.Batch.of(ALICE_1)));
    assertEquals(List.of(), learner.handle(new LearnerMessage.Chosen(B2, 0)), "B1's value is not B2's");
    assertEquals(List.of(execute(0, Command.Batch.of(BOB_1))),
        executed(learner.handle(acceptedHere(0, B2, Command.Batch.of(BOB_1)))));

    learner.handle(new LearnerMessage.Chosen(B2, 1));
    assertEquals(List.of(), learner.handle(acceptedHere(1, B1, Command.Batch.of(ALICE_2))), "an older ballot's value");
    assertEquals(List.of(execute(1, NOOP)),
        executed(learner.handle(new CatchUpReply(List.of(new Decision(1, NOOP))))), "a peer's decision fills it");
    assertEquals(List.of(), learner.handle(new LearnerMessage.Chosen(B1, 1)), "nothing runs twice");
    assertEquals(2, learner.nextToExecute());
  }

  @Test
  void aChosenSlotWhoseValueNeverComesIsAGapThatCatchUpFills() {
    learner.handle(new LearnerMessage.Chosen(B1, 0));

    List<CatchUpRequest> asked = sent(ticks(4), CatchUpRequest.class);

    assertTrue(!asked.isEmpty() && asked.get(0).fromSlot() == 0, "asked a peer from slot 0: " + asked);
  }

  @Test
  void reportsWhatItExecutedOnTheNextTickWithoutWaitingForTheDisk() {
    learner.handle(new Decision(0, Command.Batch.of(ALICE_1)));
    learner.handle(new Decision(1, Command.Batch.of(BOB_1)));

    // Executed through slot 2, durable through none yet: no fsync has been asked for.
    assertEquals(List.of(new Effect.Send(Address.proposer(ME), new LearnerProgress(2, 0))), ticks(1));
    assertEquals(List.of(), ticks(3), "nothing new to report");
    learner.handle(new Decision(2, NOOP));
    assertEquals(List.of(new LearnerProgress(3, 0)), sent(ticks(1), LearnerProgress.class));
  }

  @Test
  void asksForItsChatLogToBeSyncedEveryFewTicksOneRequestAtATime() {
    int every = SETTINGS.chatLogSyncTicks();
    learner.handle(new Decision(0, Command.Batch.of(ALICE_1)));
    learner.handle(new Decision(1, Command.Batch.of(BOB_1)));

    assertEquals(List.of(), syncs(ticks(every - 1)), "not before chat-log-sync-ticks have passed");
    assertEquals(List.of(new Effect.SyncChatLog(2)), syncs(ticks(1)));

    learner.handle(new Decision(2, NOOP));
    List<Effect> waiting = ticks(3 * every);
    assertEquals(List.of(), syncs(waiting), "no second request while the first is out");
    assertEquals(List.of(new LearnerProgress(3, 0)), sent(waiting, LearnerProgress.class),
        "durability is reported only once the shell says so");

    learner.handle(new LearnerMessage.ChatLogDurable(2));
    List<Effect> next = ticks(1);
    assertEquals(List.of(new LearnerProgress(3, 2)), sent(next, LearnerProgress.class));
    assertEquals(List.of(new Effect.SyncChatLog(3)), syncs(next), "the slot executed meanwhile is asked for at once");

    learner.handle(new LearnerMessage.ChatLogDurable(3));
    List<Effect> after = ticks(3 * every);
    assertEquals(List.of(new LearnerProgress(3, 3)), sent(after, LearnerProgress.class));
    assertEquals(List.of(), syncs(after), "nothing left to sync");
  }

  @Test
  void aRecoveredLearnerCountsWhatItRecoveredAsDurable() {
    Learner recovered = Learner.recover(ME, N, SETTINGS, 5, java.util.Map.of());

    List<Effect> effects = recovered.handle(Tick.INSTANCE);

    assertEquals(List.of(new Effect.Send(Address.proposer(ME), new LearnerProgress(5, 5))), effects);
  }

  private static List<Effect.SyncChatLog> syncs(List<Effect> effects) {
    return effects.stream().filter(Effect.SyncChatLog.class::isInstance).map(Effect.SyncChatLog.class::cast).toList();
  }

  @Test
  void aNoopExecutesAsANoop() {
    assertEquals(List.of(execute(0, NOOP)), executed(learner.handle(new Decision(0, NOOP))));
  }

  @Test
  void aDecisionForAnExecutedSlotIsIgnored() {
    learner.handle(new Decision(0, Command.Batch.of(ALICE_1)));

    assertEquals(List.of(), learner.handle(new Decision(0, Command.Batch.of(ALICE_1))));
  }

  @Test
  void aLineDecidedTwiceExecutesOnceAndItsClientIsAcknowledgedBothTimes() {
    learner.handle(ClientRequest.of(ALICE_1));

    List<Effect> first = learner.handle(new Decision(0, Command.Batch.of(ALICE_1)));
    List<Effect> second = learner.handle(new Decision(1, Command.Batch.of(ALICE_1)));

    assertEquals(List.of(execute(0, Command.Batch.of(ALICE_1))), executed(first));
    assertEquals(List.of(replyTo(7, 1, 0, 0)), EffectLists.sends(first, ClientReply.class));
    assertEquals(List.of(execute(1, NOOP)), executed(second));
    assertEquals(List.of(replyTo(7, 1, 0, 0)), EffectLists.sends(second, ClientReply.class));
    assertEquals(1, learner.lastExecutedSeq(7));
  }

  @Test
  void aLineDecidedBeforeItsPredecessorExecutesAsANoopWithoutAcknowledgement() {
    learner.handle(ClientRequest.of(ALICE_1));
    learner.handle(ClientRequest.of(ALICE_2));

    List<Effect> outOfOrder = learner.handle(new Decision(0, Command.Batch.of(ALICE_2)));

    assertEquals(List.of(execute(0, NOOP)), executed(outOfOrder));
    assertEquals(List.of(), sent(outOfOrder, ClientReply.class));

    List<Effect> inOrder = learner.handle(new Decision(1, Command.Batch.of(ALICE_1)));

    assertEquals(List.of(execute(1, Command.Batch.of(ALICE_1))), executed(inOrder));
    assertEquals(List.of(replyTo(7, 1, 1, 0)), EffectLists.sends(inOrder, ClientReply.class));
    assertEquals(1, learner.lastExecutedSeq(7), "line 2 is still to be sent again");
  }

  @Test
  void aClientWhoseLinesComeInTwoRunsOfOneBatchIsAnsweredOnceWithItsFirstLineThere() {
    ChatLine alice3 = new ChatLine(7, 3, "third");
    ChatLine bob2 = new ChatLine(8, 2, "bye");
    ChatLine bob4 = new ChatLine(8, 4, "too early");
    learner.handle(ClientRequest.of(ALICE_1));
    learner.handle(ClientRequest.of(BOB_1));

    // Alice's lines in two runs around Bob's; Bob's run ends with a line ahead of its turn.
    Command.Batch batch = Command.Batch.of(ALICE_1, BOB_1, bob2, bob4, ALICE_2, alice3);
    List<Effect> effects = learner.handle(new Decision(0, batch));

    assertEquals(List.of(execute(0, Command.Batch.of(ALICE_1, BOB_1, bob2, ALICE_2, alice3))), executed(effects));
    // One answer per client, in the order the clients first appear; Alice's names her first line in the slot.
    assertEquals(List.of(new Effect.Send(Address.client(7), new ClientReply(7, -1, 3, 0, 1, 0)),
        new Effect.Send(Address.client(8), new ClientReply(8, -1, 2, 0, 1, 0))),
        EffectLists.sends(effects, ClientReply.class));
    assertEquals(3, learner.lastExecutedSeq(7));
    assertEquals(2, learner.lastExecutedSeq(8));
    // A later slot with a line of Alice's names that slot and that line.
    ChatLine alice4 = new ChatLine(7, 4, "fourth");
    assertEquals(List.of(new Effect.Send(Address.client(7), new ClientReply(7, -1, 4, 1, 4, 0))),
        EffectLists.sends(learner.handle(new Decision(1, Command.Batch.of(alice4))), ClientReply.class));
  }

  @Test
  void onlyClientsThatSentToThisReplicaAreAnswered() {
    List<Effect> effects = learner.handle(new Decision(0, Command.Batch.of(BOB_1)));

    assertEquals(List.of(execute(0, Command.Batch.of(BOB_1))), executed(effects));
    assertEquals(List.of(), sent(effects, ClientReply.class));
  }

  // ---- client requests --------------------------------------------------------------------

  @Test
  void aRequestForAnExecutedLineIsAnsweredAtOnceWithTheViewItFollows() {
    learner.handle(new LeaderInfo(2, 0));
    learner.handle(new Decision(0, Command.Batch.of(ALICE_1)));

    List<Effect> effects = learner.handle(ClientRequest.of(ALICE_1));

    assertEquals(List.of(replyTo(7, 1, 0, 2)), effects);
  }

  @Test
  void aRequestForANewLineGoesToTheOwnProposer() {
    learner.handle(new Decision(0, Command.Batch.of(ALICE_1)));

    List<Effect> effects = learner.handle(ClientRequest.of(ALICE_2));

    assertEquals(List.of(new Effect.Send(Address.proposer(ME), Propose.of(ALICE_2))), effects);
  }

  // ---- gaps -------------------------------------------------------------------------------

  @Test
  void aGapThatPersistsIsAskedForFromTheLeaderFirstThenFromTheOtherPeers() {
    learner.handle(new Decision(2, Command.Batch.of(BOB_1)));

    assertEquals(List.of(), ticks(1), "a gap may close by itself");
    List<Effect> firstAsk = ticks(1);
    List<Effect> secondAsk = ticks(2);
    List<Effect> thirdAsk = ticks(2);

    assertEquals(List.of(new Effect.Send(Address.learner(0), new CatchUpRequest(ME, 0))), firstAsk);
    assertEquals(List.of(new Effect.Send(Address.learner(2), new CatchUpRequest(ME, 0))), secondAsk,
        "never itself");
    assertEquals(List.of(new Effect.Send(Address.learner(0), new CatchUpRequest(ME, 0))), thirdAsk);
  }

  @Test
  void aCommitIndexAboveTheLogIsAGapToo() {
    learner.handle(new LeaderInfo(0, 1));

    assertEquals(List.of(Address.learner(0)), recipients(ticks(2), CatchUpRequest.class));
  }

  @Test
  void noCatchUpWhileNothingIsMissing() {
    learner.handle(new Decision(0, Command.Batch.of(ALICE_1)));
    learner.handle(new LeaderInfo(0, 1));

    List<Effect> effects = ticks(30);
    assertEquals(List.of(), sent(effects, CatchUpRequest.class));
    assertEquals(List.of(), sent(effects, SuspectLeader.class));
  }

  @Test
  void aCatchUpReplyFillsTheGap() {
    learner.handle(new Decision(2, NOOP));

    List<Effect> effects = learner.handle(new CatchUpReply(List.of(new Decision(0, Command.Batch.of(ALICE_1)), new Decision(1, Command.Batch.of(BOB_1)))));

    assertEquals(List.of(execute(0, Command.Batch.of(ALICE_1)), execute(1, Command.Batch.of(BOB_1)), execute(2, NOOP)), executed(effects));
  }

  @Test
  void aCatchUpRequestIsAnsweredWithTheDecisionsItHas() {
    learner.handle(new Decision(0, Command.Batch.of(ALICE_1)));
    learner.handle(new Decision(1, Command.Batch.of(BOB_1)));
    learner.handle(new Decision(3, Command.Batch.of(ALICE_2))); // slot 2 is missing here too

    List<Effect> effects = learner.handle(new CatchUpRequest(2, 1));

    assertEquals(List.of(new Effect.Send(Address.learner(2),
        new CatchUpReply(List.of(new Decision(1, Command.Batch.of(BOB_1)), new Decision(3, Command.Batch.of(ALICE_2)))))), effects);
  }

  @Test
  void aCatchUpRequestBeyondWhatItKnowsGetsNoReply() {
    learner.handle(new Decision(0, Command.Batch.of(ALICE_1)));

    assertEquals(List.of(), learner.handle(new CatchUpRequest(2, 1)));
  }

  /**
   * The skipped-slot case: the leader of view 3 reports commit index 2 at every heartbeat while
   * later slots are decided, and we are stuck at slot 2 too. Nobody can fill the slot.
   */
  @Test
  void aGapAtTheLeadersStalledCommitIndexMakesItSuspectTheLeader() {
    learner.handle(new Decision(0, Command.Batch.of(ALICE_1)));
    learner.handle(new Decision(1, Command.Batch.of(BOB_1)));
    learner.handle(new Decision(3, Command.Batch.of(ALICE_2)));
    int stall = 2 * SETTINGS.electionTimeoutMaxTicks();

    List<Effect> beforeTimeout = new ArrayList<>();
    for (int tick = 1; tick < stall; tick++) {
      learner.handle(new LeaderInfo(3, 2)); // the leader's heartbeats, commit index standing still
      beforeTimeout.addAll(learner.handle(Tick.INSTANCE));
    }
    List<Effect> atTimeout = ticks(1);

    assertEquals(List.of(), sent(beforeTimeout, SuspectLeader.class));
    assertEquals(List.of(new Effect.Send(Address.proposer(ME), new SuspectLeader(3))),
        EffectLists.sends(atTimeout, SuspectLeader.class));
    assertEquals(List.of(), sent(ticks(SETTINGS.electionTimeoutMaxTicks() - 1), SuspectLeader.class),
        "not again before another timeout");
    assertEquals(List.of(new SuspectLeader(3)), sent(ticks(1), SuspectLeader.class));
  }

  /** A lossy link: we lag behind, but the leader's commit index moves, so peers fill the gap. */
  @Test
  void laggingBehindALeaderThatMakesProgressRaisesNoSuspicion() {
    List<Effect> effects = new ArrayList<>();
    for (int tick = 1; tick <= 5 * SETTINGS.electionTimeoutMaxTicks(); tick++) {
      learner.handle(new Decision(tick, NOOP)); // slot 0 never arrives
      learner.handle(new LeaderInfo(0, tick + 1));
      effects.addAll(learner.handle(Tick.INSTANCE));
    }

    assertEquals(List.of(), sent(effects, SuspectLeader.class));
    assertTrue(sent(effects, CatchUpRequest.class).size() > 1, "it asks its peers instead");
  }

  /** Our own gap below a commit index that stands still is ours to fill from peers. */
  @Test
  void aGapBelowTheLeadersCommitIndexRaisesNoSuspicion() {
    learner.handle(new Decision(3, Command.Batch.of(ALICE_2)));

    List<Effect> effects = new ArrayList<>();
    for (int tick = 1; tick <= 5 * SETTINGS.electionTimeoutMaxTicks(); tick++) {
      learner.handle(new LeaderInfo(0, 4));
      effects.addAll(learner.handle(Tick.INSTANCE));
    }

    assertEquals(List.of(), sent(effects, SuspectLeader.class));
  }

  @Test
  void aGapFilledInTimeRaisesNoSuspicion() {
    learner.handle(new Decision(1, Command.Batch.of(BOB_1)));
    ticks(SETTINGS.electionTimeoutMaxTicks() - 2);
    learner.handle(new Decision(0, Command.Batch.of(ALICE_1)));

    assertEquals(List.of(), sent(ticks(3 * SETTINGS.electionTimeoutMaxTicks()), SuspectLeader.class));
  }
}
