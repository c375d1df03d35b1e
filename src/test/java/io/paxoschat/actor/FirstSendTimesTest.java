package io.paxoschat.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FirstSendTimesTest {

  @Test
  void aResentLineKeepsItsFirstSendTime() {
    FirstSendTimes times = new FirstSendTimes(3);

    assertTrue(times.sent(1, 100));
    assertFalse(times.sent(1, 250), "a retry is not a first send");
    assertEquals(100, times.acknowledged(1));
  }

  @Test
  void aMillionLinesThroughAWindowOfEightUseTheSameRing() {
    FirstSendTimes times = new FirstSendTimes(8);
    int capacity = times.capacity();
    long acknowledged = 0;
    for (long line = 1; line <= 1_000_000; line++) {
      if (line - acknowledged > 8) {
        acknowledged++;
        assertEquals(acknowledged * 10, times.acknowledged(acknowledged));
      }
      assertTrue(times.sent(line, line * 10));
    }
    assertEquals(capacity, times.capacity());
    assertTrue(capacity <= 16, "capacity " + capacity);
  }

  @Test
  void moreThanItsRingInFlightIsRefusedNotOverwritten() {
    FirstSendTimes times = new FirstSendTimes(1);
    for (long line = 1; line <= times.capacity(); line++) {
      times.sent(line, line);
    }
    assertThrows(IllegalStateException.class, () -> times.sent(times.capacity() + 1, 0));
    assertThrows(IllegalStateException.class, () -> times.acknowledged(times.capacity() + 7));
  }
}
