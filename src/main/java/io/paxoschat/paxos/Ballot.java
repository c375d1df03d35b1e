package io.paxoschat.paxos;

/**
 * A ballot number, totally ordered by {@code (round, leaderId)}. The leader of view {@code v}
 * is replica {@code v mod n}, so the round of a ballot is the view it belongs to.
 */
public record Ballot(long round, int leaderId) implements Comparable<Ballot> {

  /** Lower than every real ballot: what an acceptor has promised before its first prepare. */
  public static final Ballot NONE = new Ballot(-1, -1);

  public static Ballot ofView(long view, int replicaCount) {
    return new Ballot(view, leaderOf(view, replicaCount));
  }

  public static int leaderOf(long view, int replicaCount) {
    return (int) (view % replicaCount);
  }

  @Override
  public int compareTo(Ballot other) {
    int byRound = Long.compare(round, other.round);
    return byRound != 0 ? byRound : Integer.compare(leaderId, other.leaderId);
  }

  public boolean isAbove(Ballot other) {
    return compareTo(other) > 0;
  }

  public boolean isAtLeast(Ballot other) {
    return compareTo(other) >= 0;
  }

  @Override
  public String toString() {
    return "b" + round + "." + leaderId;
  }
}
