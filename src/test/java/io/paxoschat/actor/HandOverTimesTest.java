package io.paxoschat.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HandOverTimesTest {

  @Test
  void timesComeOutInTheOrderTheyWentInAcrossGrowthAndWrapping() {
    HandOverTimes times = new HandOverTimes();
    long next = 0;
    long expected = 0;
    // Interleaved so the ring wraps before it grows, then grows while wrapped.
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < round + 3; i++) {
        times.handedOver(1, next++);
      }
      for (int i = 0; i < round + 1; i++) {
        assertEquals(expected++, times.firstSent());
      }
    }
    assertEquals(next - expected, times.waiting());
    while (times.waiting() > 0) {
      assertEquals(expected++, times.firstSent());
    }
    assertEquals(next, expected);
  }

  @Test
  void aSendWithNothingHandedOverIsABug() {
    assertThrows(IllegalStateException.class, () -> new HandOverTimes().firstSent());
  }
}
