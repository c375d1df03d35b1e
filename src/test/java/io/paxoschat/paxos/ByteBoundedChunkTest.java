package io.paxoschat.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteBoundedChunkTest {

  @Test
  void takesItemsWhileTheyFitAndRefusesTheFirstThatDoesNot() {
    ByteBoundedChunk<String> chunk = new ByteBoundedChunk<>(10);

    assertTrue(chunk.offer("a", 4));
    assertTrue(chunk.offer("b", 6)); // exactly at the bound
    assertFalse(chunk.offer("c", 1));

    assertEquals(List.of("a", "b"), chunk.items());
    assertEquals(10, chunk.bytes());
  }

  @Test
  void aSingleItemLargerThanTheBoundStillGoesAloneSoTheReaderMovesOn() {
    ByteBoundedChunk<String> chunk = new ByteBoundedChunk<>(10);

    assertTrue(chunk.offer("huge", 1_000));
    assertFalse(chunk.offer("tiny", 1));

    assertEquals(List.of("huge"), chunk.items());
  }

  @Test
  void aGroupGoesWholeOrNotAtAll() {
    ByteBoundedChunk<String> chunk = new ByteBoundedChunk<>(10);
    assertTrue(chunk.offer("a", 5));

    assertFalse(chunk.offerAll(List.of("b", "c"), 6));
    assertEquals(List.of("a"), chunk.items());
    assertTrue(chunk.offerAll(List.of("b", "c"), 5));
    assertEquals(List.of("a", "b", "c"), chunk.items());
  }

  @Test
  void anEmptyChunkHasNothingAndNoBytes() {
    ByteBoundedChunk<String> chunk = new ByteBoundedChunk<>(10);

    assertTrue(chunk.isEmpty());
    assertEquals(List.of(), chunk.items());
    assertEquals(0, chunk.bytes());
    assertTrue(chunk.offerAll(List.of(), 0));
    assertTrue(chunk.isEmpty());
  }

  @Test
  void aBoundBelowOneByteIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ByteBoundedChunk<String>(0));
  }
}
