package io.paxoschat.actor;

import java.util.List;

/**
 * Lines that fall due one by one at a fixed rate ({@code bin/client --rate}), from the moment the
 * client joined: line {@code i} (counted from 0) is due {@code i / rate} seconds after
 * {@link #start}. The client actor takes the lines due whenever it handles a message
 * ({@link #takeDue}), so a reply that opens the window sends the lines that fell due meanwhile
 * with no hand-over in between; each is timed from when it fell due ({@link #dueAt}). A client
 * with nothing in flight is told by its sender's thread when the next line falls due
 * ({@link io.paxoschat.paxos.ClientMessage.LinesDue}). Before, that thread handed the client the
 * lines due every millisecond, two thread wake-ups a millisecond for lines that mostly waited
 * for the next reply anyway.
 *
 * <p>Only the client actor starts the pace and takes lines; any thread may read how far it got.
 */
public final class PacedLines {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final List<String> lines;
  private final int perSecond;
  private volatile long startNanos;
  private volatile boolean started;
  private volatile int taken;

  public PacedLines(List<String> lines, int perSecond) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("a rate of at least one line a second is needed, got " + perSecond);
    }
    this.lines = lines;
    this.perSecond = perSecond;
  }

  /** The first line falls due at {@code nowNanos}; a second call changes nothing. */
  void start(long nowNanos) {
    if (!started) {
      startNanos = nowNanos;
      started = true;
    }
  }

  public boolean started() {
    return started;
  }

  /** Lines taken by the client so far: the first {@code taken()} lines. */
  public int taken() {
    return taken;
  }

  /** When line {@code index} (from 0) falls due, in {@link System#nanoTime()}'s terms; once started. */
  public long dueAt(int index) {
    // The first instant at which index / perSecond seconds have passed, rounded up to a nanosecond.
    long nanos = ((long) index * NANOS_PER_SECOND + perSecond - 1) / perSecond;
    return startNanos + nanos;
  }

  /** How many lines are due at {@code nowNanos}: 0 before the start, at most all of them. */
  public int dueBy(long nowNanos) {
    if (!started || nowNanos - startNanos < 0) {
      return 0;
    }
    long elapsed = nowNanos - startNanos;
    // elapsed * perSecond / 10^9, in two parts so that hours at a million lines a second cannot overflow.
    long due = (elapsed / NANOS_PER_SECOND) * perSecond + (elapsed % NANOS_PER_SECOND) * perSecond / NANOS_PER_SECOND + 1;
    return (int) Math.min(lines.size(), due);
  }

  /** The lines due at {@code nowNanos} not taken yet, in order; from then on they count as taken. */
  List<String> takeDue(long nowNanos) {
    int from = taken;
    int to = Math.max(from, dueBy(nowNanos));
    taken = to;
    return lines.subList(from, to);
  }
}
