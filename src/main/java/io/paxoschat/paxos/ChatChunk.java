package io.paxoschat.paxos;

import java.util.List;

/**
 * Cuts executed chat lines into answers for readers: at most the count the reader asked for and
 * the byte bound of {@link ByteBoundedChunk}, and only at a slot boundary, so that a reader who asks again from the returned slot sees no line twice.
 */
final class ChatChunk {

  private ChatChunk() {}

  /**
   * Moves lines from {@code lines} (in slot order) into {@code into}, and returns the slot the
   * next answer starts at: the first slot whose lines did not fit, or {@code endSlot} when all
   * did. A slot whose lines alone exceed the bounds still goes whole when it is the first.
   */
  static long fill(List<ChatEntry> lines, int maxLines, int maxBytes, long endSlot, List<ChatEntry> into) {
    ByteBoundedChunk<ChatEntry> chunk = new ByteBoundedChunk<>(maxBytes);
    long next = endSlot;
    int index = 0;
    while (index < lines.size()) {
      long slot = lines.get(index).slot();
      int end = index;
      int size = 0;
      while (end < lines.size() && lines.get(end).slot() == slot) {
        size += WireSize.of(lines.get(end).line());
        end++;
      }
      boolean countFits = chunk.isEmpty() || chunk.items().size() + (end - index) <= maxLines;
      if (!countFits || !chunk.offerAll(lines.subList(index, end), size)) {
        next = slot;
        break;
      }
      index = end;
      if (chunk.items().size() >= maxLines && index < lines.size()) {
        next = lines.get(index).slot();
        break;
      }
    }
    into.addAll(chunk.items());
    return next;
  }
}
