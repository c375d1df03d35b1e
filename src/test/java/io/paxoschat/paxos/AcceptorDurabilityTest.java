package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.AcceptorMessage.Prune;
import io.paxoschat.paxos.AcceptorRecord.AcceptedValue;
import io.paxoschat.paxos.AcceptorRecord.PrunedBelow;
import io.paxoschat.paxos.AcceptorRecord.Promised;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The acceptor asks for every change of its state to be made durable before it answers. */
class AcceptorDurabilityTest {

  private static final int N = 3;
  private static final int ME = 2;
  private static final Ballot B1 = Ballot.ofView(1, N);
  private static final Ballot B2 = Ballot.ofView(2, N);
  private static final Command A = Command.Batch.of(new ChatLine(7, 1, "a"));
  private static final Command B = Command.Batch.of(new ChatLine(7, 2, "b"));

  private final Acceptor acceptor = new Acceptor(ME);

  @Test
  void aFirstPromiseIsPersistedBeforeItIsSent() {
    List<Effect> effects = acceptor.handle(new Prepare(B1, 0));

    assertEquals(List.of(
        new Effect.Persist(new Promised(B1)),
        new Effect.Send(Address.proposer(1), new Promise(B1, ME, 0, List.of(), Promise.COMPLETE, 0))), effects);
  }

  @Test
  void aRetransmittedPrepareChangesNothingAndPersistsNothing() {
    acceptor.handle(new Prepare(B1, 0));

    List<Effect> effects = acceptor.handle(new Prepare(B1, 0));

    assertEquals(List.of(new Effect.Send(Address.proposer(1), new Promise(B1, ME, 0, List.of(), Promise.COMPLETE, 0))), effects);
  }

  @Test
  void anAcceptanceIsPersistedBeforeItIsSent() {
    acceptor.handle(new Prepare(B1, 0));

    List<Effect> effects = acceptor.handle(new Accept(B1, 4, A));

    assertEquals(List.of(
        new Effect.Persist(new AcceptedValue(new PValue(4, B1, A))),
        new Effect.Send(Address.learner(ME), new LearnerMessage.AcceptedHere(new PValue(4, B1, A))),
        new Effect.Send(Address.proposer(1), new Accepted(B1, ME, 4))), effects);
  }

  @Test
  void aRetransmittedAcceptIsAnsweredWithoutAnotherRecord() {
    acceptor.handle(new Accept(B1, 4, A));

    List<Effect> effects = acceptor.handle(new Accept(B1, 4, A));

    assertEquals(List.of(
        new Effect.Send(Address.learner(ME), new LearnerMessage.AcceptedHere(new PValue(4, B1, A))),
        new Effect.Send(Address.proposer(1), new Accepted(B1, ME, 4))), effects);
  }

  @Test
  void aRejectionChangesNothingAndPersistsNothing() {
    acceptor.handle(new Prepare(B2, 0));

    assertEquals(List.of(new Effect.Send(Address.proposer(1), new Rejected(B2, ME))),
        acceptor.handle(new Accept(B1, 0, A)));
    assertEquals(List.of(new Effect.Send(Address.proposer(1), new Rejected(B2, ME))),
        acceptor.handle(new Prepare(B1, 0)));
  }

  /**
   * Random prepares, accepts and prunes from several ballots: in every effect list no Send comes
   * before a Persist, and the records persisted so far always rebuild the very acceptor that
   * answered, so a crash at any point loses nothing it told anyone.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void everyAnswerFollowsItsRecordsAndTheRecordsRebuildTheAcceptor(long seed) {
    Random random = new Random(seed);
    List<AcceptorRecord> persisted = new ArrayList<>();
    for (int step = 0; step < 2_000; step++) {
      Ballot ballot = Ballot.ofView(random.nextInt(6), N);
      AcceptorMessage message = switch (random.nextInt(10)) {
        case 0, 1 -> new Prepare(ballot, random.nextInt(40));
        case 2 -> new Prune(random.nextInt(30));
        default -> new Accept(ballot, random.nextInt(60),
            random.nextBoolean() ? Command.Noop.INSTANCE : Command.Batch.of(new ChatLine(random.nextInt(3), 1 + random.nextInt(9), "x")));
      };
      List<Effect> effects = acceptor.handle(message);

      boolean sent = false;
      for (Effect effect : effects) {
        if (effect instanceof Effect.Send) {
          sent = true;
        } else if (effect instanceof Effect.Persist persist) {
          assertTrue(!sent, "a Persist after a Send in " + effects + " for " + message);
          persisted.add(persist.record());
        }
      }
      assertSameState(acceptor, Acceptor.recover(ME, persisted), "after " + message);
    }
  }

  private static void assertSameState(Acceptor expected, Acceptor actual, String when) {
    assertEquals(expected.promised(), actual.promised(), "promised " + when);
    assertEquals(expected.prunedBelow(), actual.prunedBelow(), "pruned " + when);
    assertEquals(expected.snapshot(), actual.snapshot(), "state " + when);
  }

  // ---- pruning ----------------------------------------------------------------------------

  @Test
  void pruningDropsAcceptedValuesBelowThePointAndIsPersisted() {
    acceptor.handle(new Accept(B1, 3, A));
    acceptor.handle(new Accept(B1, 9, B));

    List<Effect> effects = acceptor.handle(new Prune(5));

    assertEquals(List.of(new Effect.Persist(new PrunedBelow(5))), effects);
    assertNull(acceptor.acceptedAt(3));
    assertEquals(new PValue(9, B1, B), acceptor.acceptedAt(9));
    assertEquals(List.of(), acceptor.handle(new Prune(4)), "pruning never goes back");
  }

  @Test
  void aPromiseSaysWhereTheAcceptorPrunedAndReportsNothingBelow() {
    acceptor.handle(new Accept(B1, 3, A));
    acceptor.handle(new Accept(B1, 9, B));
    acceptor.handle(new Prune(5));

    List<Effect> effects = acceptor.handle(new Prepare(B2, 0));

    assertEquals(new Effect.Send(Address.proposer(2), new Promise(B2, ME, 0, List.of(new PValue(9, B1, B)), Promise.COMPLETE, 5)),
        effects.get(effects.size() - 1));
  }

  @Test
  void anAcceptBelowThePrunedSlotIsAnsweredButNotKept() {
    acceptor.handle(new Prune(10));

    List<Effect> effects = acceptor.handle(new Accept(B1, 4, A));

    assertEquals(List.of(
        new Effect.Persist(new Promised(B1)),
        new Effect.Send(Address.proposer(1), new Accepted(B1, ME, 4))), effects);
    assertNull(acceptor.acceptedAt(4));
    assertEquals(B1, acceptor.promised());
  }

  @Test
  void aSnapshotRebuildsTheAcceptorWithFewerRecords() {
    acceptor.handle(new Prepare(B1, 0));
    for (int slot = 0; slot < 20; slot++) {
      acceptor.handle(new Accept(B1, slot, A));
    }
    acceptor.handle(new Prune(15));
    acceptor.handle(new Prepare(B2, 15));

    List<AcceptorRecord> snapshot = acceptor.snapshot();

    assertEquals(2 + 5, snapshot.size(), "promise, pruning point and five live values: " + snapshot);
    assertSameState(acceptor, Acceptor.recover(ME, snapshot), "from the snapshot");
  }
}
