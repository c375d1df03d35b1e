package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How often a node's scheduler ticks for a protocol tick, and what delay the protocol's timers get. */
class SchedulerTickTest {

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void theSchedulerTicksAtTheLargestDivisorOfTheTickUpToHalfOfItAndTenMilliseconds() {
    assertEquals(ms(10), SchedulerTick.forProtocolTick(ms(20)));
    assertEquals(ms(10), SchedulerTick.forProtocolTick(ms(40)));
    assertEquals(ms(10), SchedulerTick.forProtocolTick(ms(30)));
    assertEquals(ms(5), SchedulerTick.forProtocolTick(ms(10)));
    assertEquals(ms(5), SchedulerTick.forProtocolTick(ms(25)), "10 does not divide 25");
    assertEquals(ms(3), SchedulerTick.forProtocolTick(ms(6)));
    assertEquals(ms(1), SchedulerTick.forProtocolTick(ms(5)), "2 does not divide 5");
    assertEquals(ms(1), SchedulerTick.forProtocolTick(ms(7)));
    assertEquals(ms(1), SchedulerTick.forProtocolTick(ms(2)));
    assertEquals(ms(1), SchedulerTick.forProtocolTick(ms(1)));
    assertEquals(ms(1), SchedulerTick.forProtocolTick(Duration.ofNanos(2_500_000)), "not whole milliseconds");
  }

  @Test
  void everyTickThatAllowsIsAWholeNumberOfSchedulerTicksOfAtLeastTwo() {
    for (long millis = 2; millis <= 200; millis++) {
      Duration scheduler = SchedulerTick.forProtocolTick(ms(millis));
      assertEquals(0, millis % scheduler.toMillis(), millis + " ms");
      assertTrue(scheduler.toMillis() * 2 <= millis && scheduler.toMillis() <= 10, millis + " ms");
    }
  }

  @Test
  void aTimerWaitsTheTickLessOneSchedulerTickAndAtLeastOne() {
    // A fixed-delay timer fires at the scheduler's first tick after its delay: measured, a 10 ms
    // delay on a 10 ms scheduler came every 20.0 ms, a 4 ms delay on a 1 ms one every 5.2 ms.
    assertEquals(ms(10), SchedulerTick.timerDelay(ms(20), ms(10)));
    assertEquals(ms(4), SchedulerTick.timerDelay(ms(5), ms(1)));
    assertEquals(ms(5), SchedulerTick.timerDelay(ms(10), ms(5)));
    assertEquals(ms(10), SchedulerTick.timerDelay(ms(10), ms(10)), "a tick no longer than the scheduler's");
    assertEquals(ms(1), SchedulerTick.timerDelay(ms(1), ms(1)));
  }
}
