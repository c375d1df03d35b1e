package io.paxoschat.actor;

import io.paxoschat.paxos.Effect;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one client actor publishes: how many of its lines are acknowledged, retries, and the
 * commit latency of each line: from its first send to its acknowledgement, or, for a line handed
 * to the client one at a time (typed), from when it was handed over, and for a paced line
 * ({@code --rate}, {@link PacedLines}) from when it fell due.
 * The first {@code untimed} lines, if any, are a warm-up: their latencies are kept apart
 * ({@link #warmUpLatencies()}), and {@link #firstSentAtNanos()} is the send of the first line after them.
 */
public final class ClientStatus {

  /** Latencies up to an hour, 3 significant digits. */
  private final Recorder commitLatencyNanos = new Recorder(3_600_000_000_000L, 3);
  private final Histogram latencies = new Histogram(3_600_000_000_000L, 3);
  private final Recorder warmUpLatencyNanos = new Recorder(3_600_000_000_000L, 3);
  private final Histogram warmUpLatencies = new Histogram(3_600_000_000_000L, 3);
  /** Lines numbered 1 to this are the warm-up. */
  private final long untimed;

  private final int id;
  private final int total;
  private volatile long acknowledged;
  private volatile long retries;
  private volatile long doneAtNanos = -1;
  private volatile long firstSentAtNanos = -1;
  private volatile long firstSeq = -1;
  private volatile boolean superseded;
  private volatile boolean closed;
  private volatile boolean waitingForLines;
  /** Counts changes a reader may wait for; waiters wait on it as a monitor. */
  private final Object changes = new Object();
  private long version;
  /** Lines acknowledged and not yet taken by {@link #takeAcknowledged}; null when nobody records them. */
  private final java.util.concurrent.ConcurrentLinkedQueue<Effect.Acknowledged> acknowledgedLines;

  public ClientStatus(int id, int total) {
    this(id, total, false);
  }

  /** With {@code keepAcknowledged}, each acknowledged line waits for {@link #takeAcknowledged}. */
  public ClientStatus(int id, int total, boolean keepAcknowledged) {
    this(id, total, keepAcknowledged, 0);
  }

  /** As above, with the first {@code untimed} lines (0 to {@code total}) timed apart, as a warm-up. */
  public ClientStatus(int id, int total, boolean keepAcknowledged, long untimed) {
    if (untimed < 0 || untimed > total) {
      throw new IllegalArgumentException("untimed lines must be in [0, " + total + "], got " + untimed);
    }
    this.untimed = untimed;
    this.id = id;
    this.total = total;
    this.acknowledgedLines = keepAcknowledged ? new java.util.concurrent.ConcurrentLinkedQueue<>() : null;
  }

  void acknowledged(Effect.Acknowledged line) {
    if (acknowledgedLines != null) {
      acknowledgedLines.add(line);
    }
  }

  /** Wakes every waiter: called by the client actor after it changed what a reader may wait for. */
  private void changed() {
    synchronized (changes) {
      version++;
      changes.notifyAll();
    }
  }

  /** A number that grows with each change worth waiting for: joined, acknowledged, superseded, closed. */
  public long version() {
    synchronized (changes) {
      return version;
    }
  }

  /**
   * Waits until the status changed since {@code seen} (a {@link #version()} read before the
   * caller looked at it) or {@code deadlineNanos} ({@link System#nanoTime()}) passed; returns
   * the version now.
   */
  public long awaitChange(long seen, long deadlineNanos) throws InterruptedException {
    synchronized (changes) {
      long left;
      while (version == seen && (left = deadlineNanos - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(changes, left);
      }
      return version;
    }
  }

  /** True as soon as {@code condition} holds, false once {@code deadlineNanos} passed without it. */
  public boolean awaitUntil(BooleanSupplier condition, long deadlineNanos) throws InterruptedException {
    long seen = version();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadlineNanos >= 0) {
        return false;
      }
      seen = awaitChange(seen, deadlineNanos);
    }
    return true;
  }

  /** The lines acknowledged since the last call, in order (none unless kept). */
  public java.util.List<Effect.Acknowledged> takeAcknowledged() {
    java.util.List<Effect.Acknowledged> taken = new java.util.ArrayList<>();
    Effect.Acknowledged line;
    while (acknowledgedLines != null && (line = acknowledgedLines.poll()) != null) {
      taken.add(line);
    }
    return taken;
  }

  void update(long acknowledged, long retries) {
    boolean more = acknowledged != this.acknowledged;
    this.acknowledged = acknowledged;
    this.retries = retries;
    if (acknowledged == total && doneAtNanos < 0) {
      doneAtNanos = System.nanoTime();
    }
    if (more) {
      changed();
    }
  }

  /**
   * Whether the client has its session open and no line in flight ({@link
   * io.paxoschat.paxos.Client#waitingForLines}); becoming so counts as a change, so that a paced
   * sender waiting for one wakes to tell it when its next line falls due.
   */
  void waitingForLines(boolean waiting) {
    if (waiting != waitingForLines) {
      waitingForLines = waiting;
      if (waiting) {
        changed();
      }
    }
  }

  public boolean waitingForLines() {
    return waitingForLines;
  }

  void superseded() {
    if (!superseded) {
      superseded = true;
      changed();
    }
  }

  /** Another client of this id opened a newer session: this one's unacknowledged lines never execute. */
  public boolean isSuperseded() {
    return superseded;
  }

  void closed() {
    if (!closed) {
      closed = true;
      changed();
    }
  }

  /**
   * The client's session is closed, as it asked: no line of it executes any more, so what is not
   * acknowledged by now never will be.
   */
  public boolean isClosed() {
    return closed;
  }

  void joined(long firstSeq) {
    this.firstSeq = firstSeq;
    changed();
  }

  /** Whether the client has heard from a majority and numbered its lines (a cluster was reached). */
  public boolean joined() {
    return firstSeq >= 0;
  }

  /**
   * The seq of this session's first line, once the client joined (-1 before): the i-th line
   * acknowledged (from 1) has seq {@code firstSeq + i - 1}.
   */
  public long firstSeq() {
    return firstSeq;
  }

  /** Line {@code line} (numbered from 1 in the session) went out for the first time. */
  void sent(long line, long nanos) {
    if (line > untimed && firstSentAtNanos < 0) {
      firstSentAtNanos = nanos;
    }
  }

  /** When the first line after the warm-up went out; -1 before. */
  public long firstSentAtNanos() {
    return firstSentAtNanos;
  }

  /** Line {@code line} (numbered from 1 in the session) was acknowledged {@code nanos} after it was timed from. */
  void recordCommitLatency(long line, long nanos) {
    (line > untimed ? commitLatencyNanos : warmUpLatencyNanos).recordValue(Math.max(0, nanos));
  }

  /** Every latency recorded so far, but the warm-up's (a reader's copy; safe from any thread). */
  public synchronized Histogram commitLatencies() {
    latencies.add(commitLatencyNanos.getIntervalHistogram());
    return latencies.copy();
  }

  /** The latencies of the warm-up's lines recorded so far (a reader's copy; safe from any thread). */
  public synchronized Histogram warmUpLatencies() {
    warmUpLatencies.add(warmUpLatencyNanos.getIntervalHistogram());
    return warmUpLatencies.copy();
  }

  /** Lines numbered 1 to this are the warm-up. */
  public long untimed() {
    return untimed;
  }

  /** When the last line was acknowledged; -1 while lines are outstanding. */
  public long doneAtNanos() {
    return doneAtNanos;
  }

  public int id() {
    return id;
  }

  public int total() {
    return total;
  }

  public long acknowledged() {
    return acknowledged;
  }

  public long retries() {
    return retries;
  }

  public boolean done() {
    return acknowledged == total;
  }
}
