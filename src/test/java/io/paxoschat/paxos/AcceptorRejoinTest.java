package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.AcceptorMessage.Prune;
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

  private Acceptor rejoining() {
    List<Effect> first = new ArrayList<>();
    Acceptor acceptor = Acceptor.rejoining(ME, WINDOW, first);
    assertEquals(List.of(new Effect.Persist(new AcceptorRecord.Rejoining(WINDOW))), first);
    persisted.addAll(first);
    return acceptor;
  }

  private List<Effect> handle(Acceptor acceptor, AcceptorMessage message) {
    List<Effect> effects = acceptor.handle(message);
    persisted.addAll(effects.stream().filter(Effect.Persist.class::isInstance).toList());
    return effects;
  }

  private static List<Effect.Send> sends(List<Effect> effects) {
    return effects.stream().filter(Effect.Send.class::isInstance).map(Effect.Send.class::cast).toList();
  }

  private List<AcceptorRecord> records() {
    return persisted.stream().map(e -> ((Effect.Persist) e).record()).toList();
  }

  @Test
  void answersNoPrepareAndNoAcceptWhileRejoining() {
    Acceptor acceptor = rejoining();
    assertFalse(acceptor.votes());
    assertEquals(List.of(), sends(handle(acceptor, new Prepare(VIEW_1, 0))));
    assertEquals(List.of(), sends(handle(acceptor, new Accept(VIEW_1, 100, A))));
    assertEquals(null, acceptor.acceptedAt(100), "it accepted nothing");
    assertEquals(VIEW_1, acceptor.promised(), "but it keeps the highest ballot it saw");
    assertEquals(100 + WINDOW, acceptor.rejoinWaitsFor(), "slots from the first accept plus the window started later");
  }

  @Test
  void votesOnceTheInstanceItWaitsForIsDecidedAndNotBefore() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new Accept(VIEW_1, 100, A));
    handle(acceptor, new Prune(100 + WINDOW)); // below the bar slot: not decided yet
    assertFalse(acceptor.votes());
    assertEquals(List.of(), sends(handle(acceptor, new Accept(VIEW_1, 120, A))));

    handle(acceptor, new Prune(100 + WINDOW + 1));
    assertTrue(acceptor.votes());
    assertEquals(List.of(new Effect.Send(Address.proposer(1), new Accepted(VIEW_1, ME, 130))),
        sends(handle(acceptor, new Accept(VIEW_1, 130, A))));
  }

  @Test
  void aPruneBeforeAnyAcceptProvesNothing() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new Prune(1_000));
    assertFalse(acceptor.votes());
  }

  @Test
  void aNewLeaderMovesTheBar() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new Accept(VIEW_1, 10, A)); // a stale leader's retransmission, say
    handle(acceptor, new Accept(VIEW_4, 500, A));
    assertEquals(500 + WINDOW, acceptor.rejoinWaitsFor());
    handle(acceptor, new Prune(11 + WINDOW));
    assertFalse(acceptor.votes(), "the first bar is not enough once a newer leader is seen");
    handle(acceptor, new Accept(VIEW_4, 600, A));
    assertEquals(500 + WINDOW, acceptor.rejoinWaitsFor(), "the same leader does not move it further");
  }

  @Test
  void onceVotingItRefusesLeadersOlderThanTheOneItWatched() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new Accept(VIEW_4, 0, A));
    handle(acceptor, new Prune(WINDOW + 1));
    List<Effect.Send> answer = sends(handle(acceptor, new Prepare(VIEW_1, 0)));
    assertEquals(List.of(new Effect.Send(Address.proposer(1), new Rejected(VIEW_4, ME))), answer);
  }

  @Test
  void aCrashWhileRejoiningComesBackRejoiningFromItsRecords() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new Prepare(VIEW_1, 0));
    handle(acceptor, new Accept(VIEW_1, 40, A));

    Acceptor recovered = Acceptor.recover(ME, records());
    assertFalse(recovered.votes());
    assertEquals(40 + WINDOW, recovered.rejoinWaitsFor());
    assertEquals(List.of(), sends(recovered.handle(new Prepare(VIEW_1, 0))));
    recovered.handle(new Prune(41 + WINDOW));
    assertTrue(recovered.votes());

    handle(acceptor, new Prune(41 + WINDOW));
    Acceptor afterRejoin = Acceptor.recover(ME, records());
    assertTrue(afterRejoin.votes(), "a Rejoined record ends it for good");
    assertEquals(List.of(new Effect.Send(Address.proposer(1), new Promise(VIEW_1, ME, 0, List.of(), Promise.COMPLETE, 41 + WINDOW))),
        sends(afterRejoin.handle(new Prepare(VIEW_1, 0))));
  }

  @Test
  void aCompactedSnapshotKeepsTheRejoin() {
    Acceptor acceptor = rejoining();
    handle(acceptor, new Accept(VIEW_1, 40, A));
    Acceptor fromSnapshot = Acceptor.recover(ME, acceptor.snapshot());
    assertFalse(fromSnapshot.votes());
    assertEquals(40 + WINDOW, fromSnapshot.rejoinWaitsFor());
    assertEquals(VIEW_1, fromSnapshot.promised());
  }

  @Test
  void aNormalAcceptorVotes() {
    assertTrue(new Acceptor(ME).votes());
    assertEquals(-1, new Acceptor(ME).rejoinWaitsFor());
  }
}
