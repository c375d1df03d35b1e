package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.paxoschat.paxos.Message;
import io.paxoschat.paxos.WireMessage;
import java.util.HashSet;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The warm-up covers every wire message type, and each survives the real serializer. */
class SerializerWarmUpTest {

  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void everySampleRoundTrips() {
    SerializerWarmUp.run(Adapter.toClassic(testKit.system()));
  }

  @Test
  void thereIsASampleOfEveryWireMessageRecord() {
    var sampled = new HashSet<Class<?>>();
    SerializerWarmUp.samples().forEach(m -> sampled.add(m.getClass()));
    // Every message of the sealed protocol that may cross a wire, and the greeting.
    var wire = new HashSet<Class<?>>(List.of(NodeHello.class));
    for (Class<?> role : Message.class.getPermittedSubclasses()) {
      for (Class<?> message : role.getPermittedSubclasses()) {
        if (WireMessage.class.isAssignableFrom(message)) {
          wire.add(message);
        }
      }
    }
    assertEquals(wire, sampled);
  }
}
