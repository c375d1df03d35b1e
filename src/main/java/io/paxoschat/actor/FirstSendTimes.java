package io.paxoschat.actor;

/**
 * When each line in flight was first sent, to time its commit: a ring over the client's window,
 * since only lines sent and not yet acknowledged need a time. A typed or browser session sends
 * for as long as it lives; its memory stays the window's.
 */
final class FirstSendTimes {

  private final long[] lineAt;
  private final long[] sentAt;
  private final int mask;

  /** For a client with at most {@code window} lines sent and not yet acknowledged. */
  FirstSendTimes(int window) {
    int capacity = Integer.highestOneBit(Math.max(1, window) * 2 - 1) << 1;
    this.lineAt = new long[capacity];
    this.sentAt = new long[capacity];
    this.mask = capacity - 1;
    java.util.Arrays.fill(lineAt, -1);
  }

  /** Line {@code line} (numbered from 1 in its session) was sent at {@code now}: true the first time. */
  boolean sent(long line, long now) {
    int at = (int) (line & mask);
    if (lineAt[at] == line) {
      return false;
    }
    if (lineAt[at] != -1) {
      throw new IllegalStateException("line " + line + " sent while line " + lineAt[at]
          + " is still in flight: more than the window of " + (mask + 1) / 2 + " lines outstanding");
    }
    lineAt[at] = line;
    sentAt[at] = now;
    return true;
  }

  /** {@code line} was sent and is not yet acknowledged. */
  boolean inFlight(long line) {
    return lineAt[(int) (line & mask)] == line;
  }

  /** When {@code line}, now acknowledged, was first sent; it is forgotten. */
  long acknowledged(long line) {
    int at = (int) (line & mask);
    if (lineAt[at] != line) {
      throw new IllegalStateException("line " + line + " acknowledged but never sent");
    }
    lineAt[at] = -1;
    return sentAt[at];
  }

  int capacity() {
    return mask + 1;
  }
}
