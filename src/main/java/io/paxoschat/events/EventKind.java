package io.paxoschat.events;

/**
 * The kinds of recorded events, with how many of each a record keeps at most: the budget that
 * bounds a long run's record (a kind past its budget is only counted).
 */
public enum EventKind {
  SEND("send", 150_000),
  RECV("recv", 150_000),
  DROP("drop", 50_000),
  VIEW("view", 10_000),
  PROPOSE("propose", 30_000),
  DECIDE("decide", 30_000),
  EXEC("exec", 60_000),
  ACK("ack", 30_000),
  /** Commit latency and count of the lines acknowledged in one window of time. */
  ACKS("acks", 20_000),
  FSYNC("fsync", 10_000),
  CATCHUP("catchup", 10_000),
  CRASH("crash", 10_000),
  RESTART("restart", 10_000),
  NOTE("note", 10_000),
  VIOLATION("violation", 100);

  private final String json;
  private final int budget;

  EventKind(String json, int budget) {
    this.json = json;
    this.budget = budget;
  }

  public String json() {
    return json;
  }

  public int budget() {
    return budget;
  }

  public static int totalBudget() {
    int total = 0;
    for (EventKind kind : values()) {
      total += kind.budget;
    }
    return total;
  }
}
