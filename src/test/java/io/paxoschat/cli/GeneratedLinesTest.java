package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GeneratedLinesTest {

  @Test
  void theLinesAreThoseOfTheListMadeInAdvance() {
    List<String> inAdvance = IntStream.rangeClosed(1, 1000).mapToObj(n -> "client 2 says hello #" + n).toList();
    GeneratedLines lines = new GeneratedLines(2, 1000);

    assertEquals(inAdvance, lines);
    assertEquals(inAdvance.subList(10, 20), lines.subList(10, 20));
    assertEquals(List.copyOf(inAdvance.subList(990, 1000)), List.copyOf(lines.subList(990, 1000)));
  }

  @Test
  void aLineIsMadeOnlyWhenAskedFor() {
    GeneratedLines lines = new GeneratedLines(0, Integer.MAX_VALUE);

    assertEquals(Integer.MAX_VALUE, lines.size());
    assertEquals("client 0 says hello #2147483647", lines.get(Integer.MAX_VALUE - 1));
  }

  @Test
  void outsideTheCountIsAnError() {
    GeneratedLines lines = new GeneratedLines(1, 3);

    assertThrows(IndexOutOfBoundsException.class, () -> lines.get(3));
    assertThrows(IndexOutOfBoundsException.class, () -> lines.get(-1));
    assertThrows(IllegalArgumentException.class, () -> new GeneratedLines(1, -1));
  }
}
