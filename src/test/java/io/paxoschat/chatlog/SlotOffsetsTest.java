package io.paxoschat.chatlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SlotOffsetsTest {

  @Test
  void smallSlotsAreIndexedBySlotCount() {
    SlotOffsets index = new SlotOffsets();
    for (long slot = 0; slot < 5000; slot++) {
      index.slotStarts(slot, slot * 10);
    }
    assertEquals(5, index.size());
    assertEquals(0, index.readFrom(1023));
    assertEquals(10240, index.readFrom(1024));
    assertEquals(40960, index.readFrom(4999));
  }

  @Test
  void bigSlotsAreIndexedByBytes() {
    SlotOffsets index = new SlotOffsets();
    long slotBytes = 20_000;
    for (long slot = 0; slot < 100; slot++) {
      index.slotStarts(slot, slot * slotBytes);
    }
    for (long slot = 0; slot < 100; slot++) {
      long from = index.readFrom(slot);
      assertEquals(true, from <= slot * slotBytes && slot * slotBytes - from < SlotOffsets.MAX_BYTES_APART,
          "slot " + slot + " is read from byte " + from);
    }
  }

  @Test
  void cutSlotsAreForgottenAndWrittenAgain() {
    SlotOffsets index = new SlotOffsets();
    index.slotStarts(0, 0);
    index.slotStarts(1, 100_000);
    index.forgetFrom(1);
    assertEquals(0, index.readFrom(1));
    index.slotStarts(1, 100_000);
    assertEquals(100_000, index.readFrom(1));
    assertThrows(IllegalArgumentException.class, () -> index.slotStarts(1, 100_000));
  }
}
