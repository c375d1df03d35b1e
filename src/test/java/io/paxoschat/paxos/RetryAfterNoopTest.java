package io.paxoschat.paxos;

import static io.paxoschat.paxos.EffectLists.executed;
import static io.paxoschat.paxos.EffectLists.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Propose;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A leader and its learner wired by hand: what one replica does with a client's retries. */
class RetryAfterNoopTest {

  private static final ProtocolSettings SETTINGS = new ProtocolSettings(2, 10, 10, 3, 2, 64, 5, 8);
  private static final Ballot VIEW_0 = Ballot.ofView(0, 3);

  @Test
  void aLineThatExecutedAsANoopBecauseItOvertookItsPredecessorIsOrderedAgainWhenRetried() {
    Proposer leader = new Proposer(0, 3, SETTINGS, new Random(1));
    leader.start();
    leader.handle(new Promise(VIEW_0, 1, List.of()));
    leader.handle(new Promise(VIEW_0, 2, List.of()));
    Learner learner = new Learner(0, 3, SETTINGS);
    ChatLine first = new ChatLine(7, 1, "first");
    ChatLine second = new ChatLine(7, 2, "second");

    // The client's request for line 1 is lost; line 2 reaches the leader and is decided in slot 0.
    assertEquals(List.of(new Propose(second)), sent(learner.handle(new ClientRequest(second)), Propose.class));
    leader.handle(new Propose(second));
    leader.handle(new Accepted(VIEW_0, 1, 0));
    leader.handle(new Accepted(VIEW_0, 2, 0));
    assertEquals(List.of(new Effect.Execute(0, Command.Noop.INSTANCE)),
        executed(learner.handle(new Decision(0, second))), "line 2 cannot run before line 1");

    // The client retries both lines; line 1 is ordered in slot 1 and executes.
    leader.handle(new Propose(first));
    leader.handle(new Accepted(VIEW_0, 1, 1));
    leader.handle(new Accepted(VIEW_0, 2, 1));
    assertEquals(List.of(new Effect.Execute(1, first)), executed(learner.handle(new Decision(1, first))));

    // Line 2 is still not executed, so the learner hands the retry to the leader again...
    List<Propose> forwarded = sent(learner.handle(new ClientRequest(second)), Propose.class);
    assertEquals(List.of(new Propose(second)), forwarded);
    // ...and the leader must order it again, or the line waits for a view change that only a
    // log standing still (no other client making progress) would trigger.
    List<Effect> effects = leader.handle(forwarded.get(0));
    assertEquals(List.of(new Accept(VIEW_0, 2, second), new Accept(VIEW_0, 2, second), new Accept(VIEW_0, 2, second)),
        sent(effects, Accept.class));
  }
}
