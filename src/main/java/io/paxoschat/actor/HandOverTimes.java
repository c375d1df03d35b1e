package io.paxoschat.actor;

/**
 * When each line handed to a client one at a time was handed over (typed), or fell due (paced by
 * {@code --rate}), kept until the line is first sent: its commit latency counts from then, so a line that
 * waits for room in the client's window is timed with its wait. Timing only from the first send
 * would leave out exactly the waits that a loaded cluster causes (coordinated omission).
 * First in, first out, since a client sends its lines in order.
 */
final class HandOverTimes {

  private long[] times = new long[16];
  private int head;
  private int size;

  /** {@code lines} more lines were handed over at {@code now}. */
  void handedOver(int lines, long now) {
    for (int i = 0; i < lines; i++) {
      add(now);
    }
  }

  /** One more line was handed over, counted from {@code time} (when it fell due). */
  void handedOverAt(long time) {
    add(time);
  }

  private void add(long now) {
    if (size == times.length) {
      long[] grown = new long[times.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = times[(head + i) % times.length];
      }
      times = grown;
      head = 0;
    }
    times[(head + size) % times.length] = now;
    size++;
  }

  /** When the oldest line not yet sent was handed over; it is forgotten. */
  long firstSent() {
    if (size == 0) {
      throw new IllegalStateException("a line sent that was never handed over");
    }
    long time = times[head];
    head = (head + 1) % times.length;
    size--;
    return time;
  }

  int waiting() {
    return size;
  }
}
