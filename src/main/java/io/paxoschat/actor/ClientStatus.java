package io.paxoschat.actor;

/** What one client actor publishes: how many of its lines are acknowledged, and retries. */
public final class ClientStatus {

  private final int id;
  private final int total;
  private volatile long acknowledged;
  private volatile long retries;
  private volatile long doneAtNanos = -1;

  public ClientStatus(int id, int total) {
    this.id = id;
    this.total = total;
  }

  void update(long acknowledged, long retries) {
    this.acknowledged = acknowledged;
    this.retries = retries;
    if (acknowledged == total && doneAtNanos < 0) {
      doneAtNanos = System.nanoTime();
    }
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
