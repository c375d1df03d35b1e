package io.paxoschat.chaos;

import java.util.PriorityQueue;

/**
 * Pending events ordered by {@code (time, sequence number)}: two events at the same instant
 * leave in the order they were scheduled, so the order never depends on anything but the seed.
 */
final class EventQueue {

  record Scheduled(long time, long sequence, SimEvent event) implements Comparable<Scheduled> {
    @Override
    public int compareTo(Scheduled other) {
      int byTime = Long.compare(time, other.time);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }

  private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
  private long nextSequence;

  void schedule(long time, SimEvent event) {
    queue.add(new Scheduled(time, nextSequence++, event));
  }

  /** The time of the next event, or {@link Long#MAX_VALUE} if none is pending. */
  long nextTime() {
    Scheduled head = queue.peek();
    return head == null ? Long.MAX_VALUE : head.time();
  }

  Scheduled poll() {
    return queue.poll();
  }

  int size() {
    return queue.size();
  }
}
