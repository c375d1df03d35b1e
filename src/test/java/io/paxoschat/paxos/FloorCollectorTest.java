package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paxoschat.paxos.AcceptorMessage.FloorQuery;
import io.paxoschat.paxos.AcceptorMessage.RejoinFloor;
import io.paxoschat.paxos.ProposerMessage.FloorAnswer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FloorCollectorTest {

  @Test
  void asksEveryOtherAcceptorAndAnswersAboveTheHighestOnceAMajorityOfTheOthersAnswered() {
    long nonce = new Random(1).nextLong();
    FloorCollector floor = new FloorCollector(0, 5, new Random(1));
    Effects asked = new Effects();
    floor.ask(asked);
    assertEquals(List.of(
        new Effect.Send(Address.acceptor(1), new FloorQuery(0, nonce)), new Effect.Send(Address.acceptor(2), new FloorQuery(0, nonce)),
        new Effect.Send(Address.acceptor(3), new FloorQuery(0, nonce)), new Effect.Send(Address.acceptor(4), new FloorQuery(0, nonce))),
        asked.list());

    Effects out = new Effects();
    floor.onAnswer(new FloorAnswer(2, 178, nonce), out);
    floor.onAnswer(new FloorAnswer(2, 178, nonce), out);
    floor.onAnswer(new FloorAnswer(0, 900, nonce), out); // its own acceptor does not count
    floor.onAnswer(new FloorAnswer(3, 40, nonce), out);
    assertEquals(List.of(), out.list(), "two of the four others: one of the f = 2 that share a decided slot may be missing");
    floor.onAnswer(new FloorAnswer(4, -1, nonce), out);
    assertEquals(List.of(new Effect.Send(Address.acceptor(0), new RejoinFloor(179))), out.list());
  }

  /** An answer to another incarnation's query may predate slots decided with this acceptor's vote since. */
  @Test
  void anAnswerToAnotherQueryCountsForNothing() {
    FloorCollector floor = new FloorCollector(0, 3, new Random(1));
    Effects out = new Effects();
    floor.onAnswer(new FloorAnswer(1, 5, 77), out);
    floor.ask(new Effects());
    floor.onAnswer(new FloorAnswer(1, 5, 77), out);
    floor.onAnswer(new FloorAnswer(2, 5, 77), out);
    assertEquals(List.of(), out.list());
  }
}
