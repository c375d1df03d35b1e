package io.paxoschat.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.actor.AcceptorActor;
import io.paxoschat.actor.LocalDirectory;
import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.junit.jupiter.api.Test;

class DroppingInterceptorTest {

  private static final int N = 3;
  private static final Ballot VIEW_0 = Ballot.ofView(0, N);
  private static final Ballot VIEW_1 = Ballot.ofView(1, N);
  private static final Command A = Command.Batch.of(new ChatLine(1, 1, "a"));
  private static final Command B = Command.Batch.of(new ChatLine(1, 2, "b"));
  private static final Command C = Command.Batch.of(new ChatLine(1, 3, "c"));

  /** A behavior that hands every message it gets to {@code inbox}. */
  private static <T> Behavior<T> forwardingTo(TestInbox<T> inbox) {
    return Behaviors.receiveMessage(message -> {
      inbox.getRef().tell(message);
      return Behaviors.same();
    });
  }

  @Test
  void dropsWhatItsFilterPicksCountsItAndPassesTheRest() {
    TestInbox<AcceptorMessage> delivered = TestInbox.create();
    LongAdder dropped = new LongAdder();
    MessageFilter slotOne = message -> message instanceof Accept accept && accept.slot() == 1;
    BehaviorTestKit<AcceptorMessage> actor = BehaviorTestKit.create(
        DroppingInterceptor.wrap(AcceptorMessage.class, slotOne, dropped, forwardingTo(delivered)));

    actor.run(new Accept(VIEW_0, 0, A));
    actor.run(new Accept(VIEW_0, 1, B));
    actor.run(new Accept(VIEW_0, 2, C));
    actor.run(new Accept(VIEW_1, 1, B));

    assertEquals(List.of(new Accept(VIEW_0, 0, A), new Accept(VIEW_0, 2, C)), delivered.getAllReceived());
    assertEquals(2, dropped.sum());
    assertTrue(actor.isAlive());
  }

  @Test
  void lossDropsNetworkMessagesButNeverTimerTicks() {
    TestInbox<ProposerMessage> delivered = TestInbox.create();
    LongAdder dropped = new LongAdder();
    BehaviorTestKit<ProposerMessage> actor = BehaviorTestKit.create(DroppingInterceptor.wrap(
        ProposerMessage.class, new LossFilter(0.5, 17), dropped, forwardingTo(delivered)));

    for (int i = 0; i < 200; i++) {
      actor.run(ProposerMessage.Tick.INSTANCE);
    }
    assertEquals(0, dropped.sum(), "a tick is not network traffic");
    for (int i = 0; i < 1000; i++) {
      actor.run(new Heartbeat(VIEW_0, i));
    }

    long heartbeatsDelivered = delivered.getAllReceived().stream().filter(m -> m instanceof Heartbeat).count();
    assertEquals(1000, heartbeatsDelivered + dropped.sum());
    assertTrue(dropped.sum() > 400 && dropped.sum() < 600, "about half lost, was " + dropped.sum());
  }

  @Test
  void aRoleThatReturnsItselfKeepsOneWrapperAcrossMessages() {
    CountingRole[] role = new CountingRole[1];
    BehaviorTestKit<AcceptorMessage> actor = BehaviorTestKit.create(DroppingInterceptor.wrap(
        AcceptorMessage.class, message -> false, new LongAdder(), Behaviors.setup(context -> role[0] = new CountingRole(context))));

    actor.run(new Accept(VIEW_0, 0, A));
    Behavior<AcceptorMessage> afterFirst = actor.currentBehavior();
    for (int slot = 1; slot <= 10; slot++) {
      actor.run(new Accept(VIEW_0, slot, A));
      assertSame(afterFirst, actor.currentBehavior(), "no new wrapper for message " + slot);
    }
    assertEquals(11, role[0].received(), "every message reached the one role, its state kept");
  }

  @Test
  void withoutFaultsTheBehaviorIsNotWrapped() {
    Behavior<AcceptorMessage> behavior = Behaviors.ignore();

    assertSame(behavior, DroppingInterceptor.wrap(AcceptorMessage.class, MessageFilter.NONE, new LongAdder(), behavior));
  }
}
