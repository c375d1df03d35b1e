package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paxoschat.paxos.AcceptorMessage.FloorQuery;
import io.paxoschat.paxos.AcceptorMessage.RejoinFloor;
import io.paxoschat.paxos.ProposerMessage.FloorAnswer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FloorCollectorTest {

  @Test
  void asksEveryOtherAcceptorAndAnswersAboveTheHighestOnceAMajorityOfTheOthersAnswered() {
    FloorCollector floor = new FloorCollector(0, 5);
    Effects asked = new Effects();
    floor.ask(asked);
    assertEquals(List.of(
        new Effect.Send(Address.acceptor(1), new FloorQuery(0)), new Effect.Send(Address.acceptor(2), new FloorQuery(0)),
        new Effect.Send(Address.acceptor(3), new FloorQuery(0)), new Effect.Send(Address.acceptor(4), new FloorQuery(0))),
        asked.list());

    Effects out = new Effects();
    floor.onAnswer(new FloorAnswer(2, 178), out);
    floor.onAnswer(new FloorAnswer(2, 178), out);
    floor.onAnswer(new FloorAnswer(0, 900), out); // its own acceptor does not count
    floor.onAnswer(new FloorAnswer(3, 40), out);
    assertEquals(List.of(), out.list(), "two of the four others: one of the f = 2 that share a decided slot may be missing");
    floor.onAnswer(new FloorAnswer(4, -1), out);
    assertEquals(List.of(new Effect.Send(Address.acceptor(0), new RejoinFloor(179))), out.list());
  }
}
