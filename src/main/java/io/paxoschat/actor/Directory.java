package io.paxoschat.actor;

import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.Message;
import java.util.List;

/**
 * How actors find each other: by protocol address. In one JVM the refs are local; across
 * processes they are resolved from the configured host and port. Protocol code never knows which.
 */
public interface Directory {

  /** Sends {@code message}; like the network, it may silently fail to arrive. */
  void send(Address to, Message message);

  /** Carries out the {@link Effect.Send}s among {@code effects}; the caller handles the rest. */
  default void sendAll(List<Effect> effects) {
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send) {
        send(send.to(), send.message());
      }
    }
  }
}
