package io.paxoschat.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PacedLinesTest {

  private static final long START = 5_000_000_000L;

  private static List<String> lines(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "line " + i).toList();
  }

  @Test
  void nothingIsDueBeforeTheStart() {
    PacedLines paced = new PacedLines(lines(10), 1000);
    assertFalse(paced.started());
    assertEquals(0, paced.dueBy(START));
    assertEquals(List.of(), paced.takeDue(START));
  }

  @Test
  void theFirstLineIsDueAtTheStartAndOneMoreEachIntervalAfter() {
    PacedLines paced = new PacedLines(lines(10), 1000);
    paced.start(START);
    assertTrue(paced.started());
    assertEquals(1, paced.dueBy(START));
    assertEquals(1, paced.dueBy(START + 999_999));
    assertEquals(2, paced.dueBy(START + 1_000_000));
    assertEquals(10, paced.dueBy(START + 60_000_000_000L), "never more than there are");
    paced.start(START + 7_000_000); // a second start changes nothing
    assertEquals(2, paced.dueBy(START + 1_000_000));
  }

  @Test
  void eachLineIsDueExactlyWhenTheCountFirstIncludesIt() {
    // 3 a second: due at 0, 333,333,334 ns, 666,666,667 ns, 1 s, ... (rounded up).
    PacedLines paced = new PacedLines(lines(100), 3);
    paced.start(START);
    for (int i = 0; i < 100; i++) {
      long at = paced.dueAt(i);
      assertTrue(paced.dueBy(at) > i, "line " + i + " is due at its time");
      assertTrue(paced.dueBy(at - 1) <= i, "and not a nanosecond before");
    }
    assertEquals(START + 333_333_334L, paced.dueAt(1));
    assertEquals(START + 1_000_000_000L, paced.dueAt(3));
  }

  @Test
  void hoursAtAMillionLinesASecondDoNotOverflow() {
    PacedLines paced = new PacedLines(new java.util.AbstractList<>() {
      @Override
      public String get(int index) {
        return "x";
      }

      @Override
      public int size() {
        return Integer.MAX_VALUE;
      }
    }, 1_000_000);
    paced.start(START);
    long halfAnHour = 1_800_000_000_000L;
    assertEquals(1_800_000_001, paced.dueBy(START + halfAnHour));
    assertEquals(START + halfAnHour, paced.dueAt(1_800_000_000));
  }

  @Test
  void takingHandsOverWhatIsDueOnceAndInOrder() {
    PacedLines paced = new PacedLines(lines(5), 1000);
    paced.start(START);
    assertEquals(List.of("line 1"), paced.takeDue(START));
    assertEquals(List.of(), paced.takeDue(START + 500_000), "nothing new yet");
    assertEquals(List.of("line 2", "line 3"), paced.takeDue(START + 2_000_000));
    assertEquals(3, paced.taken());
    assertEquals(List.of("line 4", "line 5"), paced.takeDue(START + 1_000_000_000L));
    assertEquals(List.of(), paced.takeDue(START + 2_000_000_000L), "all taken");
    assertEquals(List.of(), paced.takeDue(START), "a clock read late never gives lines back");
    assertEquals(5, paced.taken());
  }

  @Test
  void aRateBelowOneLineASecondIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new PacedLines(lines(1), 0));
  }
}
