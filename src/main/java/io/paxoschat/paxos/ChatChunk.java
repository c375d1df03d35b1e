package io.paxoschat.paxos;

import java.util.List;

/**
 * Cuts executed chat lines into answers for readers: at most a count and a size, and only at a
 * slot boundary, so that a reader who asks again from the returned slot sees no line twice.
 */
final class ChatChunk {

  private ChatChunk() {}

  /**
   * Moves lines from {@code lines} (in slot order) into {@code into}, and returns the slot the
   * next answer starts at: the first slot whose lines did not fit, or {@code endSlot} when all
   * did. A slot whose lines alone exceed the bounds still goes whole when it is the first.
   */
  static long fill(List<ChatEntry> lines, int maxLines, int maxBytes, long endSlot, List<ChatEntry> into) {
    int budget = maxBytes;
    int index = 0;
    while (index < lines.size()) {
      long slot = lines.get(index).slot();
      int end = index;
      int size = 0;
      while (end < lines.size() && lines.get(end).slot() == slot) {
        size += WireSize.of(lines.get(end).line());
        end++;
      }
      boolean fits = into.size() + (end - index) <= maxLines && size <= budget;
      if (!into.isEmpty() && !fits) {
        return slot;
      }
      into.addAll(lines.subList(index, end));
      budget -= size;
      index = end;
      if (into.size() >= maxLines && index < lines.size()) {
        return lines.get(index).slot();
      }
    }
    return endSlot;
  }
}
