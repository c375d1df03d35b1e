package io.paxoschat.actor;

import io.paxoschat.paxos.ClientMessage;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Holds a client back until it is told to start: it ignores everything until {@code open} says
 * yes (looked at once per tick), then becomes the client. Benchmarks start several client
 * processes and let them send together, so that the measured run is not the time the last JVM
 * took to start.
 */
public final class StartGate {

  private StartGate() {}

  public static Behavior<ClientMessage> create(Behavior<ClientMessage> client, BooleanSupplier open, Duration tick) {
    return Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(ClientMessage.Tick.INSTANCE, tick);
      return Behaviors.receiveMessage(message -> {
        if (message instanceof ClientMessage.Tick && open.getAsBoolean()) {
          timers.cancelAll();
          return client;
        }
        return Behaviors.same();
      });
    });
  }
}
