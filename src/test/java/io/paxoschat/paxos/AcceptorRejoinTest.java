package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.FloorQuery;
import io.paxoschat.paxos.AcceptorMessage.LeaderProgress;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.AcceptorMessage.Prune;
import io.paxoschat.paxos.AcceptorMessage.RejoinFloor;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An acceptor back from a lost disk votes only after an instance started after its return completed. */
class AcceptorRejoinTest {

  private static final int N = 3;
  private static final int ME = 2;
  private static final int WINDOW = 8;
  private static final Ballot VIEW_1 = Ballot.ofView(1, N);
  private static final Ballot VIEW_4 = Ballot.ofView(4, N);
  private static final Command A = Command.Batch.of(new ChatLine(7, 1, "a"));

  private final List<Effect> persisted = new ArrayList<>();

  /** A rejoining acceptor whose floor (the others' slots) is 0: only the leader's bar counts. */
  private Acceptor rejoining() {
    Acceptor acceptor = rejoiningWithoutFloor();
    acceptor.handle(new RejoinFloor(0));
    return acceptor;
  }

  private Acceptor rejoiningWithoutFloor() {
    List<Effect> first = new ArrayList<>();
    Acceptor acceptor = Acceptor.rejoining(ME, WINDOW, first);
    assertEquals(List.of(new Effect.Persist(new AcceptorRecord.Rejoining(WINDOW))), first);
    persisted.addAll(first);
    return acceptor;
  }

  private static Acceptor recoverWithFloor(List<AcceptorRecord> records) {
    Acceptor acceptor = Acceptor.recover(ME, records);
    acceptor.handle(new RejoinFloor(0));
    return acceptor;
  }

  private List<Effect> handle(Acceptor acceptor, AcceptorMessage message) {
    List<Effect> effects = acceptor.handle(message);
    persisted.addAll(effects.stream().filter(Effect.Persist.class::isInstance).toList());
    return effects;
  }

  /**
   * What it sends to others: handing an Accept's value to its own learner, or asking its own
   * proposer for a floor, answers nobody.
   */
  private static List<Effect.Send> sends(List<Effect> effects) {
    return effects.stream().filter(Effect.Send.class::isInstance).map(Effect.Send.class::cast)
        .filter(send -> !send.to().equals(Address.learner(ME)) && !send.to().equals(Address.proposer(ME))).toList();
  }

  // ---- the floor: how far the other acceptors' slots go -------------------------------------

  /**
   * The shape chaos seed 206834 found: a slot decided with this acceptor's vote before its disk
   * was lost lies above the bar a deposed leader's late heartbeat gave, and a Prune passes that
   * bar. The others' slots say the slot is there: no vote until it is executed and called decided.
   */
  @Test
  void aStaleBarIsNotEnoughBelowTheFloorTheOthersReport() {
    Acceptor acceptor = rejoiningWithoutFloor();
    List<Effect> onProgress = handle(acceptor, new LeaderProgress(VIEW_1, 126, 118, 0)); // a deposed leader
    assertTrue(onProgress.contains(new Effect.Send(Address.proposer(ME), ProposerMessage.FloorNeeded.INSTANCE)),
        "it asks its proposer for the floor");
    handle(acceptor, new Prune(174));
    assertFalse(acceptor.votes(), "without a floor a Prune proves nothing");
    acceptor.handle(new RejoinFloor(179)); // another acceptor holds slot 178
    handle(acceptor, new Prune(175));
    assertFalse(acceptor.votes(), "a Prune below the floor proves nothing either");
    handle(acceptor, new LeaderProgress(VIEW_1, 180, 180, 178));
    assertFalse(acceptor.votes(), "its replica has not executed slot 178 yet");
    handle(acceptor, new LeaderProgress(VIEW_1, 180, 180, 179));
    assertTrue(acceptor.votes());
    Promise promise = (Promise) sends(handle(acceptor, new Prepare(VIEW_4, 0))).get(0).message();
    assertEquals(179, promise.prunedBelow(), "slot 178 is called decided, never filled anew");
  }

  @Test
  void aFloorOnlyRises() {
    Acceptor acceptor = rejoiningWithoutFloor();
    acceptor.handle(new RejoinFloor(50));
    acceptor.handle(new RejoinFloor(20));
    handle(acceptor, new LeaderProgress(VIEW_1, 10, 9, 9));
    handle(acceptor, new LeaderProgress(VIEW_1, 11, 11, 49));
    assertFalse(acceptor.votes(), "the floor stayed at 50");
    handle(acceptor, new LeaderProgress(VIEW_1, 51, 51, 50));
    assertTrue(acceptor.votes());
  }

  @Test
  void aVotingAcceptorReportsHowFarItsSlotsGoAndARejoiningOneStaysSilent() {
    Acceptor voting = new Acceptor(ME);
    assertEquals(List.of(new Effect.Send(Address.proposer(0), new ProposerMessage.FloorAnswer(ME, -1, 9))),
        voting.handle(new FloorQuery(0, 9)));
    voting.handle(new Accept(VIEW_1, 7, A));
    voting.handle(new Accept(VIEW_1, 3, A));
    assertEquals(List.of(new Effect.Send(Address.proposer(0), new ProposerMessage.FloorAnswer(ME, 7, 9))),
        voting.handle(new FloorQuery(0, 9)));
    voting.handle(new Prune(20));
    assertEquals(List.of(new Effect.Send(Address.proposer(0), new ProposerMessage.FloorAnswer(ME, 19, 9))),
        voting.handle(new FloorQuery(0, 9)), "a pruned slot was held too");

    assertEquals(List.of(), sends(rejoiningWithoutFloor().handle(new FloorQuery(0, 9))));
  }

  private List<AcceptorRecord> records() {
    return persisted.stream().map(e -> ((Effect.Persist) e).record()).toList();
  }

  @Test
  void votesAgainOnlyOnceItsReplicaExecutedEverySlotBeforeTheBarAndThenCallsThemDecided() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new LeaderProgress(VIEW_1, 103, 101, 0)); // the bar: slot 103
    handle(acceptor, new LeaderProgress(VIEW_1, 104, 104, 60)); // slot 103 decided, but slots 60.. not known here
    assertFalse(acceptor.votes(), "a value it accepted before its return may be held by no majority now");

    handle(acceptor, new LeaderProgress(VIEW_1, 105, 105, 103));
    assertTrue(acceptor.votes());
    Promise promise = (Promise) sends(handle(acceptor, new Prepare(VIEW_4, 0))).get(0).message();
    assertEquals(103, promise.prunedBelow(),
        "a new leader must not fill the slots before the bar with no-ops on the strength of this promise");
  }

  @Test
  void answersNoPrepareAndNoAcceptWhileRejoining() {
    Acceptor acceptor = rejoining();
    assertFalse(acceptor.votes());
    assertEquals(List.of(), sends(handle(acceptor, new Prepare(VIEW_1, 0))));
    List<Effect> onAccept = handle(acceptor, new Accept(VIEW_1, 100, A));
    assertEquals(List.of(), sends(onAccept));
    assertTrue(onAccept.contains(new Effect.Send(Address.learner(ME), new LearnerMessage.AcceptedHere(new PValue(100, VIEW_1, A)))),
        "its learner still gets the value, for a Chosen of that ballot");
    assertEquals(null, acceptor.acceptedAt(100), "it accepted nothing");
    assertEquals(VIEW_1, acceptor.promised(), "but it keeps the highest ballot it saw");
    assertEquals(-1, acceptor.rejoinWaitsFor(), "an Accept may be a retransmission: it dates nothing");
    handle(acceptor, new LeaderProgress(VIEW_1, 103, 101, 101));
    assertEquals(103, acceptor.rejoinWaitsFor(), "the leader's next slot starts after the return");
  }

  @Test
  void votesOnceTheLeadersCommitIndexPassesTheBarAndNotBefore() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new Accept(VIEW_1, 100, A));
    handle(acceptor, new LeaderProgress(VIEW_1, 103, 101, 101));
    handle(acceptor, new LeaderProgress(VIEW_1, 104, 103, 103)); // slots below 103 decided: begun before
    assertFalse(acceptor.votes());
    handle(acceptor, new Prune(103));
    assertFalse(acceptor.votes(), "a Prune up to the bar proves nothing either");
    assertEquals(List.of(), sends(handle(acceptor, new Accept(VIEW_1, 103, A))));

    handle(acceptor, new LeaderProgress(VIEW_1, 104, 104, 104)); // slot 103 decided, one batch later
    assertTrue(acceptor.votes());
    assertEquals(List.of(new Effect.Send(Address.proposer(1), new Accepted(VIEW_1, ME, 104))),
        sends(handle(acceptor, new Accept(VIEW_1, 104, A))));
  }

  @Test
  void aFewSlotsAfterTheReturnAreEnoughWhateverTheWindow() {
    // Light traffic: a few batches after the return, far fewer than a pipeline window of slots.
    Acceptor acceptor = rejoining();
    handle(acceptor, new LeaderProgress(VIEW_1, 7, 7, 7)); // an idle leader
    handle(acceptor, new Accept(VIEW_1, 7, A));
    assertFalse(acceptor.votes());
    handle(acceptor, new LeaderProgress(VIEW_1, 8, 8, 8));
    assertTrue(acceptor.votes());
  }

  @Test
  void aPruneAboveTheBarAlsoProvesTheInstanceDecided() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new LeaderProgress(VIEW_1, 50, 48, 48));
    handle(acceptor, new Prune(51));
    assertTrue(acceptor.votes());
  }

  @Test
  void aPruneOrCommitIndexBeforeAnyHeartbeatProvesNothing() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new Prune(1_000));
    assertFalse(acceptor.votes());
    handle(acceptor, new Accept(VIEW_1, 900, A));
    handle(acceptor, new Prune(2_000));
    assertFalse(acceptor.votes());
  }

  @Test
  void aNewLeaderMovesTheBar() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new LeaderProgress(VIEW_1, 10, 10, 10));
    handle(acceptor, new Accept(VIEW_4, 500, A)); // a newer leader: its slots may predate the return
    assertEquals(-1, acceptor.rejoinWaitsFor());
    handle(acceptor, new LeaderProgress(VIEW_1, 12, 12, 12));
    assertFalse(acceptor.votes(), "the old leader's commit index is not enough once a newer one is seen");
    handle(acceptor, new Prune(1_000));
    assertFalse(acceptor.votes(), "nor a Prune while the newer leader's bar is unknown");
    handle(acceptor, new LeaderProgress(VIEW_4, 503, 501, 501));
    assertEquals(503, acceptor.rejoinWaitsFor());
    handle(acceptor, new LeaderProgress(VIEW_4, 505, 503, 503));
    assertFalse(acceptor.votes());
    assertEquals(503, acceptor.rejoinWaitsFor(), "the same leader does not move it further");
    handle(acceptor, new LeaderProgress(VIEW_4, 505, 504, 504));
    assertTrue(acceptor.votes());
  }

  @Test
  void anOlderLeadersHeartbeatNeitherSetsNorPassesTheBar() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new LeaderProgress(VIEW_4, 20, 20, 20));
    handle(acceptor, new LeaderProgress(VIEW_1, 5, 100, 100));
    assertFalse(acceptor.votes());
    assertEquals(20, acceptor.rejoinWaitsFor());
  }

  @Test
  void onceVotingItRefusesLeadersOlderThanTheOneItWatched() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new LeaderProgress(VIEW_4, 0, 0, 0));
    handle(acceptor, new LeaderProgress(VIEW_4, 1, 1, 1));
    List<Effect.Send> answer = sends(handle(acceptor, new Prepare(VIEW_1, 0)));
    assertEquals(List.of(new Effect.Send(Address.proposer(1), new Rejected(VIEW_4, ME))), answer);
  }

  @Test
  void aCrashWhileRejoiningComesBackRejoiningFromItsRecords() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new Prepare(VIEW_1, 0));
    handle(acceptor, new Accept(VIEW_1, 40, A));
    handle(acceptor, new LeaderProgress(VIEW_1, 42, 40, 40));

    Acceptor recovered = recoverWithFloor(records());
    assertFalse(recovered.votes());
    assertEquals(42, recovered.rejoinWaitsFor());
    assertEquals(List.of(), sends(recovered.handle(new Prepare(VIEW_1, 0))));
    recovered.handle(new LeaderProgress(VIEW_1, 43, 43, 43));
    assertTrue(recovered.votes());

    handle(acceptor, new LeaderProgress(VIEW_1, 43, 43, 43));
    Acceptor afterRejoin = Acceptor.recover(ME, records());
    assertTrue(afterRejoin.votes(), "a Rejoined record ends it for good");
    // The slots before the bar (42) stay decided as far as its promises go, across the restart too.
    assertEquals(List.of(new Effect.Send(Address.proposer(1), new Promise(VIEW_1, ME, 0, List.of(), Promise.COMPLETE, 42))),
        sends(afterRejoin.handle(new Prepare(VIEW_1, 0))));
  }

  @Test
  void aCompactedSnapshotKeepsTheRejoin() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new LeaderProgress(VIEW_1, 42, 40, 40));
    Acceptor fromSnapshot = recoverWithFloor(acceptor.snapshot());
    assertFalse(fromSnapshot.votes());
    assertEquals(42, fromSnapshot.rejoinWaitsFor());
    assertEquals(VIEW_1, fromSnapshot.promised());

    Acceptor newerLeaderSeen = rejoining();
    handle(newerLeaderSeen, new LeaderProgress(VIEW_1, 42, 40, 40));
    handle(newerLeaderSeen, new Accept(VIEW_4, 60, A));
    Acceptor again = recoverWithFloor(newerLeaderSeen.snapshot());
    again.handle(new LeaderProgress(VIEW_1, 50, 50, 50));
    again.handle(new LeaderProgress(VIEW_1, 51, 51, 51));
    assertFalse(again.votes(), "the snapshot remembers it waits for the newer leader");
  }

  @Test
  void aNormalAcceptorVotes() {
    assertTrue(new Acceptor(ME).votes());
    assertEquals(-1, new Acceptor(ME).rejoinWaitsFor());
  }
}
