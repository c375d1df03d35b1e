package io.paxoschat.paxos;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's lines by index, keeping only those it may still send: once a line is acknowledged
 * it is never sent again, so a session that runs for days (a browser tab, a typed chat) holds its
 * window, not its history.
 *
 * <p>Forgotten lines leave the front of a list in bulk, once they are at least half of what it
 * holds, so each line is moved at most a constant number of times on average.
 */
final class ClientLines {

  private final List<String> held;
  /** How many lines from index 0 on are forgotten; held.get(i) is line {@code forgotten + i}. */
  private long forgotten;
  /** Lines before this index may be forgotten; some may still be held until the next trim. */
  private long keepFrom;

  ClientLines(List<String> lines) {
    this.held = new ArrayList<>(lines);
  }

  void add(String line) {
    held.add(line);
  }

  /** Line {@code index}, which must not have been forgotten. */
  String get(long index) {
    if (index < keepFrom) {
      throw new IllegalArgumentException("line " + index + " was forgotten (kept from " + keepFrom + ")");
    }
    return held.get((int) (index - forgotten));
  }

  /** Every line ever given, forgotten ones included. */
  long total() {
    return forgotten + held.size();
  }

  /** Lines before {@code index} will never be asked for again. */
  void forgetBefore(long index) {
    keepFrom = Math.max(keepFrom, Math.min(index, total()));
    long drop = keepFrom - forgotten;
    if (drop > 0 && drop * 2 >= held.size()) {
      held.subList(0, (int) drop).clear();
      forgotten = keepFrom;
    }
  }

  /** How many lines are held in memory. */
  int held() {
    return held.size();
  }
}
