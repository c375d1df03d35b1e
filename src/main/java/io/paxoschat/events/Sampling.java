package io.paxoschat.events;

/**
 * Which frequent messages and slots a long run keeps in its record: every one numbered below
 * {@code full}, then one in {@code stride}. The rule looks only at a number the message itself
 * carries (a slot, a client's seq), so a send and its receipt are kept or skipped together, in
 * every process, and the kept slots keep all their messages. A client's seqs are kept in full
 * for a tenth as long, since every client counts its own and retries resend them.
 */
public record Sampling(long full, long stride) {

  /**
   * Enough slots in full for the page's diagram (it draws a few thousand arrows), then enough to
   * follow the rest of the run; a 30,000-line run keeps some 600 slots' messages.
   */
  public static final Sampling DEFAULT = new Sampling(300, 100);

  /** Keeps everything; for tests that count events. */
  public static final Sampling ALL = new Sampling(Long.MAX_VALUE, 1);

  public Sampling {
    if (full < 0 || stride < 1) {
      throw new IllegalArgumentException("sampling needs full >= 0 and stride >= 1");
    }
  }

  /** Whether a message or slot numbered {@code value} is kept; -1 means "not sampled", always kept. */
  public boolean keeps(long value) {
    return value < full || value % stride == 0;
  }

  /** Whether a client's line numbered {@code seq} is kept. */
  public boolean keepsSeq(long seq) {
    return seq <= full / 10 || seq % stride == 0;
  }

  /** The first seq from {@code seq} on that {@link #keepsSeq} keeps. */
  public long nextKeptSeq(long seq) {
    if (keepsSeq(seq)) {
      return seq;
    }
    return seq - Math.floorMod(seq, stride) + stride;
  }
}
