package io.paxoschat.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.paxoschat.paxos.ClientMessage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** A gated client neither starts nor sees a message before its gate opens, and runs as itself after. */
class StartGateTest {

  @Test
  void theClientStartsAtTheFirstTickAfterTheGateOpens() {
    TestInbox<String> seen = TestInbox.create();
    Behavior<ClientMessage> client = Behaviors.setup(ctx -> {
      seen.getRef().tell("started");
      return Behaviors.receiveMessage(message -> {
        seen.getRef().tell(message.toString());
        return Behaviors.same();
      });
    });
    AtomicBoolean open = new AtomicBoolean(false);
    BehaviorTestKit<ClientMessage> gate = BehaviorTestKit.create(StartGate.create(client, open::get, Duration.ofMillis(5)));

    gate.run(new ClientMessage.Submit("early"));
    gate.run(ClientMessage.Tick.INSTANCE);
    assertFalse(seen.hasMessages(), "nothing reaches a client whose gate is shut");

    open.set(true);
    gate.run(new ClientMessage.Submit("still early"));
    assertFalse(seen.hasMessages(), "the gate opens on a tick");
    gate.run(ClientMessage.Tick.INSTANCE);
    assertEquals("started", seen.receiveMessage());

    gate.run(new ClientMessage.Submit("hello"));
    assertEquals(new ClientMessage.Submit("hello").toString(), seen.receiveMessage());
  }
}
