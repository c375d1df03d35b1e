package io.paxoschat.chaos;

import java.util.List;

/**
 * A broken invariant: which, what exactly, in which seed at which virtual time, and the events
 * that led up to it (oldest first).
 */
public record Violation(Invariant invariant, String detail, long seed, long timeMillis, List<String> traceTail) {

  public Violation {
    traceTail = List.copyOf(traceTail);
  }

  public String headline() {
    return "VIOLATION " + invariant + " (" + invariant.meaning() + ") in seed " + seed + " at "
        + timeMillis + " ms: " + detail;
  }
}
