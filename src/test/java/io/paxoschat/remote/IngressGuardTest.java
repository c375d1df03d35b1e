package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.paxoschat.fault.CountingRole;
import io.paxoschat.fault.NetworkFaults;
import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

class IngressGuardTest {

  private static final Ballot VIEW_0 = Ballot.ofView(0, 3);
  private static final Command A = Command.Batch.of(new ChatLine(1, 1, "a"));

  @Test
  @SuppressWarnings("unchecked")
  void aGuardedRoleKeepsOneWrapperAcrossAdmittedMessages() {
    CountingRole[] role = new CountingRole[1];
    IngressGuard guard = new IngressGuard(NodeId.replica(0), NetworkFaults.NONE, 1);
    BehaviorTestKit<Object> actor = BehaviorTestKit.create((Behavior<Object>) guard.guard(
        AcceptorMessage.class, Behaviors.setup(context -> role[0] = new CountingRole(context))));

    actor.run(new Admitted(new Accept(VIEW_0, 0, A), NodeId.replica(1)));
    Behavior<Object> afterFirst = actor.currentBehavior();
    for (int slot = 1; slot <= 10; slot++) {
      actor.run(new Admitted(new Accept(VIEW_0, slot, A), NodeId.replica(1)));
      assertSame(afterFirst, actor.currentBehavior(), "no new wrapper for message " + slot);
    }
    actor.run(new Accept(VIEW_0, 11, A));
    assertSame(afterFirst, actor.currentBehavior(), "a bare wire message is dropped, the wrapper kept");
    assertEquals(11, role[0].received(), "every admitted message reached the one role, its state kept");
  }
}
