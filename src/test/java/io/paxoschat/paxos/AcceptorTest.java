package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AcceptorTest {

  private static final int N = 3;
  private static final int ME = 2;

  private static final Ballot VIEW_0 = Ballot.ofView(0, N);
  private static final Ballot VIEW_1 = Ballot.ofView(1, N);
  private static final Ballot VIEW_2 = Ballot.ofView(2, N);
  private static final Ballot VIEW_3 = Ballot.ofView(3, N);

  private static final Command A = Command.Batch.of(new ChatLine(7, 1, "a"));
  private static final Command B = Command.Batch.of(new ChatLine(7, 2, "b"));
  private static final Command C = Command.Batch.of(new ChatLine(8, 1, "c"));

  private final Acceptor acceptor = new Acceptor(ME);

  // ---- phase 1 ----------------------------------------------------------------------------

  @Test
  void promisesAFirstPrepareToItsProposer() {
    List<Effect> effects = acceptor.handle(new Prepare(VIEW_1, 0));

    assertEquals(List.of(
        new Effect.Persist(new AcceptorRecord.Promised(VIEW_1)),
        new Effect.Send(Address.proposer(1), new Promise(VIEW_1, ME, List.of()))), effects);
    assertEquals(VIEW_1, acceptor.promised());
  }

  @Test
  void promisesTheSameBallotAgainWhenThePrepareIsRetransmitted() {
    acceptor.handle(new Prepare(VIEW_1, 0));

    List<Effect> effects = acceptor.handle(new Prepare(VIEW_1, 0));

    assertEquals(List.of(new Promise(VIEW_1, ME, List.of())), EffectLists.sent(effects, Promise.class));
  }

  @Test
  void promisesAHigherBallot() {
    acceptor.handle(new Prepare(VIEW_1, 0));

    List<Effect> effects = acceptor.handle(new Prepare(VIEW_2, 0));

    assertEquals(List.of(
        new Effect.Persist(new AcceptorRecord.Promised(VIEW_2)),
        new Effect.Send(Address.proposer(2), new Promise(VIEW_2, ME, List.of()))), effects);
    assertEquals(VIEW_2, acceptor.promised());
  }

  @Test
  void rejectsALowerPrepareNamingThePromisedBallot() {
    acceptor.handle(new Prepare(VIEW_2, 0));

    List<Effect> effects = acceptor.handle(new Prepare(VIEW_1, 0));

    assertEquals(List.of(new Effect.Send(Address.proposer(1), new Rejected(VIEW_2, ME))), effects);
    assertEquals(VIEW_2, acceptor.promised(), "a rejected prepare must not lower the promise");
  }

  @Test
  void ordersBallotsOfOneRoundByLeaderId() {
    acceptor.handle(new Prepare(new Ballot(4, 2), 0));

    List<Effect> effects = acceptor.handle(new Prepare(new Ballot(4, 1), 0));

    assertEquals(List.of(new Rejected(new Ballot(4, 2), ME)), EffectLists.sent(effects, Rejected.class));
  }

  @Test
  void promiseReportsEveryValueAcceptedFromTheRequestedSlotOn() {
    acceptor.handle(new Accept(VIEW_0, 0, A));
    acceptor.handle(new Accept(VIEW_0, 1, B));
    acceptor.handle(new Accept(VIEW_0, 3, C));

    List<Effect> effects = acceptor.handle(new Prepare(VIEW_1, 1));

    Promise promise = EffectLists.sent(effects, Promise.class).get(0);
    assertEquals(List.of(new PValue(1, VIEW_0, B), new PValue(3, VIEW_0, C)), promise.accepted());
  }

  // ---- phase 2 ----------------------------------------------------------------------------

  @Test
  void acceptsInThePromisedBallot() {
    acceptor.handle(new Prepare(VIEW_1, 0));

    List<Effect> effects = acceptor.handle(new Accept(VIEW_1, 0, A));

    assertEquals(List.of(
        new Effect.Persist(new AcceptorRecord.AcceptedValue(new PValue(0, VIEW_1, A))),
        new Effect.Send(Address.learner(ME), new LearnerMessage.AcceptedHere(new PValue(0, VIEW_1, A))),
        new Effect.Send(Address.proposer(1), new Accepted(VIEW_1, ME, 0))), effects);
    assertEquals(new PValue(0, VIEW_1, A), acceptor.acceptedAt(0));
  }

  @Test
  void acceptsAHigherBallotWithoutAPrepareAndPromisesIt() {
    acceptor.handle(new Prepare(VIEW_1, 0));

    List<Effect> effects = acceptor.handle(new Accept(VIEW_2, 0, A));

    assertEquals(List.of(
        new Effect.Persist(new AcceptorRecord.AcceptedValue(new PValue(0, VIEW_2, A))),
        new Effect.Send(Address.learner(ME), new LearnerMessage.AcceptedHere(new PValue(0, VIEW_2, A))),
        new Effect.Send(Address.proposer(2), new Accepted(VIEW_2, ME, 0))), effects);
    assertEquals(VIEW_2, acceptor.promised());
    assertEquals(List.of(new Rejected(VIEW_2, ME)),
        EffectLists.sent(acceptor.handle(new Prepare(VIEW_1, 0)), Rejected.class),
        "accepting a ballot promises it");
  }

  @Test
  void rejectsAnAcceptBelowThePromiseAndKeepsNothing() {
    acceptor.handle(new Prepare(VIEW_2, 0));

    List<Effect> effects = acceptor.handle(new Accept(VIEW_1, 0, A));

    assertEquals(List.of(new Effect.Send(Address.proposer(1), new Rejected(VIEW_2, ME))), effects);
    assertNull(acceptor.acceptedAt(0));
    assertEquals(List.of(), EffectLists.sent(acceptor.handle(new Prepare(VIEW_3, 0)), Promise.class).get(0).accepted());
  }

  @Test
  void laterAcceptInAHigherBallotReplacesTheValue() {
    acceptor.handle(new Accept(VIEW_1, 4, A));

    acceptor.handle(new Accept(VIEW_2, 4, C));

    assertEquals(new PValue(4, VIEW_2, C), acceptor.acceptedAt(4));
    Promise promise = EffectLists.sent(acceptor.handle(new Prepare(VIEW_3, 0)), Promise.class).get(0);
    assertEquals(List.of(new PValue(4, VIEW_2, C)), promise.accepted());
  }

  @Test
  void anAcceptFromADeposedLeaderCannotOverwriteAValueAcceptedLater() {
    acceptor.handle(new Accept(VIEW_2, 0, C));

    List<Effect> effects = acceptor.handle(new Accept(VIEW_1, 0, A));

    assertEquals(List.of(new Rejected(VIEW_2, ME)), EffectLists.sent(effects, Rejected.class));
    assertEquals(new PValue(0, VIEW_2, C), acceptor.acceptedAt(0));
  }

  /**
   * Safety as a property: under any seeded sequence of prepares and accepts, the promise never
   * goes down, nothing is accepted below what was promised before, and a promise reports exactly
   * the last value accepted in each slot.
   */
  @Test
  void neverAcceptsBelowAPromiseInAnySequenceOfPrepareAndAccept() {
    for (long seed = 1; seed <= 50; seed++) {
      Random random = new Random(seed);
      Acceptor subject = new Acceptor(ME);
      Ballot promisedSoFar = Ballot.NONE;
      Map<Long, PValue> model = new TreeMap<>();
      for (int step = 0; step < 200; step++) {
        Ballot ballot = Ballot.ofView(random.nextInt(8), N);
        if (random.nextBoolean()) {
          long fromSlot = random.nextInt(4);
          List<Effect> effects = subject.handle(new Prepare(ballot, fromSlot));
          if (ballot.isAtLeast(promisedSoFar)) {
            promisedSoFar = ballot;
            List<PValue> expected = new ArrayList<>();
            model.forEach((slot, value) -> {
              if (slot >= fromSlot) {
                expected.add(value);
              }
            });
            assertEquals(List.of(new Promise(ballot, ME, fromSlot, expected, Promise.COMPLETE, 0)), EffectLists.sent(effects, Promise.class),
                "seed " + seed + " step " + step);
          } else {
            assertEquals(List.of(new Rejected(promisedSoFar, ME)), EffectLists.sent(effects, Rejected.class),
                "seed " + seed + " step " + step);
          }
        } else {
          long slot = random.nextInt(6);
          Command command = Command.Batch.of(new ChatLine(1, step + 1, "line " + step));
          List<Effect> effects = subject.handle(new Accept(ballot, slot, command));
          boolean accepted = !EffectLists.sent(effects, Accepted.class).isEmpty();
          assertEquals(ballot.isAtLeast(promisedSoFar), accepted, "seed " + seed + " step " + step);
          if (accepted) {
            promisedSoFar = ballot;
            model.put(slot, new PValue(slot, ballot, command));
          }
        }
        assertEquals(promisedSoFar, subject.promised(), "the promise never goes down");
      }
      assertTrue(promisedSoFar.isAbove(Ballot.NONE), "seed " + seed + " never promised anything");
    }
  }
}
