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
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A leader and its learner wired by hand: what one replica does with a client's lines and retries. */
class ClientOrderTest {

  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(10, 10).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(5).clientWindow(8).build();
  private static final ChatLine FIRST = new ChatLine(7, 1, "first");
  private static final ChatLine SECOND = new ChatLine(7, 2, "second");

  @Test
  void theLeaderHoldsALineUntilItsPredecessorArrivesSoNoSlotIsWasted() {
    Ballot view0 = Ballot.ofView(0, 3);
    Proposer leader = new Proposer(0, 3, SETTINGS, new Random(1));
    leader.start();
    leader.handle(new Promise(view0, 1, List.of()));
    leader.handle(new Promise(view0, 2, List.of()));
    Learner learner = new Learner(0, 3, SETTINGS);

    // The client's message with line 1 is lost; line 2 reaches the leader alone.
    assertEquals(List.of(), sent(feed(leader, learner.handle(ClientRequest.of(SECOND))), Accept.class));
    // The client resends what is unacknowledged: both go out in one slot, in order.
    List<Effect> effects = feed(leader, learner.handle(new ClientRequest(7, List.of(FIRST, SECOND))));
    assertEquals(new Accept(view0, 0, Command.Batch.of(FIRST, SECOND)), sent(effects, Accept.class).get(0));
  }

  @Test
  void aLineDecidedAheadOfItsPredecessorAfterAViewChangeCostsOneMoreSlot() {
    Ballot view3 = Ballot.ofView(3, 3);
    Proposer leader = new Proposer(0, 3, SETTINGS, new Random(1));
    leader.handle(new ViewChangeVote(3, 1));
    leader.handle(new ViewChangeVote(3, 2));
    // An earlier leader got line 2 accepted in slot 0 and lost line 1 with its crash.
    leader.handle(new Promise(view3, 1, List.of(new PValue(0, Ballot.ofView(1, 3), Command.Batch.of(SECOND)))));
    List<Effect> reproposed = leader.handle(new Promise(view3, 2, List.of()));
    assertEquals(new Accept(view3, 0, Command.Batch.of(SECOND)), sent(reproposed, Accept.class).get(0));
    leader.handle(new Accepted(view3, 1, 0));
    leader.handle(new Accepted(view3, 2, 0));
    Learner learner = new Learner(0, 3, SETTINGS);

    List<Effect> executedFirst = learner.handle(new Decision(0, Command.Batch.of(SECOND)));
    assertEquals(List.of(new Effect.Execute(0, Command.Noop.INSTANCE)), executed(executedFirst), "line 2 cannot run before line 1");
    feed(leader, executedFirst); // the learner tells the leader it skipped client 7's line

    // The client resends both; the leader orders them again, in order, in the next slot.
    List<Effect> effects = feed(leader, learner.handle(new ClientRequest(7, List.of(FIRST, SECOND))));
    assertEquals(new Accept(view3, 1, Command.Batch.of(FIRST, SECOND)), sent(effects, Accept.class).get(0));
    leader.handle(new Accepted(view3, 1, 1));
    leader.handle(new Accepted(view3, 2, 1));
    assertEquals(List.of(new Effect.Execute(1, Command.Batch.of(FIRST, SECOND))),
        executed(learner.handle(new Decision(1, Command.Batch.of(FIRST, SECOND)))));
  }

  @Test
  void linesOfOneMessageAreReleasedInSeqOrderWhateverOrderTheyCameIn() {
    ChatLine third = new ChatLine(7, 3, "third");
    ChatLine fourth = new ChatLine(7, 4, "fourth");
    ChatLine fifth = new ChatLine(7, 5, "fifth");
    ClientOrder order = new ClientOrder(SETTINGS.clientWindow(), new java.util.HashMap<>());
    List<ChatLine> released = new ArrayList<>();

    // Line 4 waits for 3; 1 and 2 go at once, a copy of 1 is dropped, then 3 lets 4 and 5 go.
    order.offer(7, List.of(FIRST, fourth, SECOND, FIRST), 0, released::add);
    assertEquals(List.of(FIRST, SECOND), released);
    assertEquals(1, order.waitingCount());
    order.offer(7, List.of(third, fifth, fourth), 0, released::add);
    assertEquals(List.of(FIRST, SECOND, third, fourth, fifth), released);
    assertEquals(0, order.waitingCount());
  }

  /** What the learner sends its own proposer goes to {@code leader}; returns the leader's effects. */
  private static List<Effect> feed(Proposer leader, List<Effect> learnerEffects) {
    List<Effect> out = new ArrayList<>();
    for (Effect effect : learnerEffects) {
      if (effect instanceof Effect.Send send && send.to().equals(Address.proposer(0))) {
        out.addAll(leader.handle((ProposerMessage) send.message()));
      }
    }
    return out;
  }
}
