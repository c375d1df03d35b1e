package io.paxoschat.events;

/**
 * Where an event's time comes from, in microseconds: virtual time in the chaos simulator,
 * wall-clock time (since the Unix epoch, so files of several processes line up) elsewhere.
 */
@FunctionalInterface
public interface EventClock {

  long micros();

  /** Wall-clock time, read cheaply: one epoch reading at creation, then the monotonic clock. */
  static EventClock wall() {
    long baseMicros = System.currentTimeMillis() * 1000;
    long baseNanos = System.nanoTime();
    return () -> baseMicros + (System.nanoTime() - baseNanos) / 1000;
  }

  /** Whether this clock is a simulator's virtual time (said in the report's header). */
  default boolean virtual() {
    return false;
  }

  /** A virtual clock reading milliseconds from {@code millis}. */
  static EventClock virtualMillis(java.util.function.LongSupplier millis) {
    return new EventClock() {
      @Override
      public long micros() {
        return millis.getAsLong() * 1000;
      }

      @Override
      public boolean virtual() {
        return true;
      }
    };
  }
}
