package io.paxoschat.paxos;

import java.util.ArrayList;
import java.util.List;

/**
 * One message's worth of items under a bound in bytes ({@link WireSize} units): items are
 * offered in order and taken while they fit. The first offer is always taken, however large,
 * so every answer carries something and its reader moves on; the sender stops at the first
 * offer refused and the reader asks again from there.
 *
 * <p>Every reply that carries a run of slots (promises, catch-up replies, chat read answers, and
 * catch-up read back from a chat log) is cut by this one rule and the one bound
 * {@link ProtocolSettings#maxMessageBytes()}.
 */
public final class ByteBoundedChunk<T> {

  private final int maxBytes;
  private final List<T> items = new ArrayList<>();
  private int bytes;

  public ByteBoundedChunk(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("a chunk bound must be at least 1 byte, not " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** Takes {@code item} of {@code size} bytes if it fits, or if nothing is taken yet. */
  public boolean offer(T item, int size) {
    return offerAll(List.of(item), size);
  }

  /**
   * Takes all of {@code group} (items that must travel together, such as the lines of one slot),
   * of {@code size} bytes in all, or none of it.
   */
  public boolean offerAll(List<? extends T> group, int size) {
    if (!items.isEmpty() && size > maxBytes - bytes) {
      return false;
    }
    items.addAll(group);
    bytes += size;
    return true;
  }

  public List<T> items() {
    return items;
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** The bytes taken so far. */
  public int bytes() {
    return bytes;
  }
}
