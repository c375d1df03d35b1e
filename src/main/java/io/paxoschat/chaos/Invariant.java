package io.paxoschat.chaos;

/** What the checker holds every run to. */
public enum Invariant {
  /** No two replicas execute different commands at the same slot. */
  AGREEMENT("no two replicas execute different commands at one slot"),
  /** A replica executes slots 0, 1, 2, ... without gaps, so every log is a prefix of the longest. */
  PREFIX("every executed log is a prefix of the longest"),
  /** Only lines some client submitted, or no-ops, are executed. */
  VALIDITY("only submitted lines or no-ops are executed"),
  /** Each {@code (client, seq)} is executed at most once in a replica's log. */
  AT_MOST_ONCE("each (client, seq) executes at most once per log"),
  /** Each client's lines execute in the order it sent them. */
  CLIENT_ORDER("each client's lines execute in its own order"),
  /**
   * A client's line executes only in its client's open session: once a newer session of the
   * client is open, no line of an older one executes, and openings never go back.
   */
  SESSIONS("a line executes only in its client's open session"),
  /** An acknowledged line is executed, and ends up in every live replica's log. */
  ACKNOWLEDGED_KEPT("every acknowledged line is in every live replica's log"),
  /**
   * Once faults stop, decided copies of lines that do not execute (duplicates, lines ahead of
   * their predecessor) and no-op slots stay within what the leader changes since then explain:
   * at most one client window per client per leader, and a few holes.
   */
  SLOTS_PER_LINE("after faults stop, slots are not wasted on copies and holes"),
  /** Once faults stop, every line is acknowledged and live logs agree within the bound. */
  LIVENESS("after faults stop, every line commits within the time bound");

  private final String meaning;

  Invariant(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
