package io.paxoschat.remote;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * How a node's Pekko scheduler ticks, and what delay its protocol timers get, so that the
 * protocol's tick comes once per tick while the scheduler thread wakes as seldom as it can.
 *
 * <p>Pekko's scheduler thread wakes once per scheduler tick whether or not a timer is due: at
 * 1 ms that is a thousand wake-ups a second in every JVM, some 4 % of a core each on this
 * project's 2-core machine, idle or not. The protocol's timers run with a fixed delay (so that a
 * starved JVM gets no burst of ticks afterwards), and a fixed-delay timer fires at the first
 * scheduler tick after its delay: its period is its delay plus one scheduler tick when the delay
 * is a whole number of scheduler ticks (measured: 10 ms delay on a 10 ms scheduler, every 20.0 ms;
 * 4 ms on 1 ms, every 5.2 ms). So a node's scheduler ticks at a divisor of the protocol's tick,
 * at most half of it and at most 10 ms, and its timers are given the tick less one scheduler tick.
 */
public final class SchedulerTick {

  static final String KEY = "pekko.scheduler.tick-duration";
  private static final long MAX_MILLIS = 10;

  private SchedulerTick() {}

  /**
   * The scheduler tick for a protocol tick: the largest whole number of milliseconds, at most
   * 10 and at most half the tick, that divides the tick; 1 ms when none does (a tick of 1 ms, or
   * one that is not a whole number of milliseconds).
   */
  public static Duration forProtocolTick(Duration tick) {
    long nanos = tick.toNanos();
    for (long millis = Math.min(MAX_MILLIS, nanos / 2_000_000L); millis > 1; millis--) {
      if (nanos % (millis * 1_000_000L) == 0) {
        return Duration.ofMillis(millis);
      }
    }
    return Duration.ofMillis(1);
  }

  /**
   * The delay that gives a fixed-delay timer on a scheduler ticking every {@code schedulerTick}
   * a period of {@code tick}: the tick less one scheduler tick, at least one scheduler tick (a
   * tick no longer than the scheduler's then comes every two scheduler ticks).
   */
  public static Duration timerDelay(Duration tick, Duration schedulerTick) {
    Duration delay = tick.minus(schedulerTick);
    return delay.compareTo(schedulerTick) < 0 ? schedulerTick : delay;
  }

  /** {@link #timerDelay(Duration, Duration)} on the scheduler {@code system} runs with. */
  public static Duration timerDelay(Duration tick, ActorSystem<?> system) {
    return timerDelay(tick, system.settings().config().getDuration(KEY));
  }
}
