package io.paxoschat.web;

/**
 * At most {@code perSecond} lines a second from one tab, with bursts of as many: a token bucket
 * refilled continuously. Time is given, in nanoseconds, so tests drive it.
 */
final class RateLimit {

  private final int perSecond;
  private double tokens;
  private long lastNanos;
  private boolean started;

  RateLimit(int perSecond) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("at least one line a second, got " + perSecond);
    }
    this.perSecond = perSecond;
    this.tokens = perSecond;
  }

  /** Takes one line's worth if there is one at {@code nowNanos}. */
  boolean tryTake(long nowNanos) {
    if (started) {
      tokens = Math.min(perSecond, tokens + (nowNanos - lastNanos) * perSecond / 1e9);
    }
    started = true;
    lastNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  int perSecond() {
    return perSecond;
  }
}
