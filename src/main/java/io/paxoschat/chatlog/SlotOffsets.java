package io.paxoschat.chatlog;

import java.util.Arrays;

/**
 * A sparse index of where slots start in a chat log file, so that reading slots back for a peer
 * begins near them instead of at the top of the file. An entry is kept every
 * {@link #MAX_SLOTS_APART} slots and, whichever comes first, every {@link #MAX_BYTES_APART} bytes:
 * a slot holds a batch of up to a thousand lines, so an index by slot count alone could leave
 * megabytes between two entries, and every chunk a lagging peer asked for re-read them.
 *
 * <p>Entries are added in slot order (the order a log is written or scanned in).
 */
final class SlotOffsets {

  /** At most this many slots between two entries. */
  static final int MAX_SLOTS_APART = 1024;
  /** At most this many bytes between two entries (one slot may still be larger). */
  static final long MAX_BYTES_APART = 64 * 1024;

  private long[] slots = new long[64];
  private long[] offsets = new long[64];
  private int size;

  /** Slot {@code slot} starts at byte {@code offset}; kept if it is far enough from the last entry. */
  void slotStarts(long slot, long offset) {
    if (size > 0) {
      if (slot <= slots[size - 1]) {
        throw new IllegalArgumentException("slot " + slot + " after slot " + slots[size - 1]);
      }
      if (slot - slots[size - 1] < MAX_SLOTS_APART && offset - offsets[size - 1] < MAX_BYTES_APART) {
        return;
      }
    }
    if (size == slots.length) {
      slots = Arrays.copyOf(slots, size * 2);
      offsets = Arrays.copyOf(offsets, size * 2);
    }
    slots[size] = slot;
    offsets[size] = offset;
    size++;
  }

  /** Drops the entries of {@code slot} and later ones: those slots were cut off the file. */
  void forgetFrom(long slot) {
    while (size > 0 && slots[size - 1] >= slot) {
      size--;
    }
  }

  /** Where to start reading to find {@code slot}: the start of the last indexed slot at or before it. */
  long readFrom(long slot) {
    int low = 0;
    int high = size - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (slots[mid] <= slot) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found < 0 ? 0 : offsets[found];
  }

  int size() {
    return size;
  }
}
