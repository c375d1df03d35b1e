package io.paxoschat.paxos;

/**
 * Timing and window sizes of the protocol, in ticks (the shell decides how long a tick is).
 *
 * @param heartbeatTicks how often a leader tells followers it is alive
 * @param electionTimeoutMinTicks a follower that hears nothing for a random time between min
 *     and max gives up on its leader; the spread keeps followers from acting in lockstep
 * @param retransmitTicks how long a leader waits for phase 1 or phase 2 answers, or a voter
 *     for a new leader, before sending again
 * @param catchUpTicks how long a learner waits on a missing slot before asking a peer for it
 * @param maxInFlight how many undecided slots a leader keeps open at once
 * @param clientRetryTicks how long a client waits for an acknowledgement before sending again
 * @param clientWindow how many unacknowledged lines a client keeps outstanding
 */
public record ProtocolSettings(
    int heartbeatTicks,
    int electionTimeoutMinTicks,
    int electionTimeoutMaxTicks,
    int retransmitTicks,
    int catchUpTicks,
    int maxInFlight,
    int clientRetryTicks,
    int clientWindow) {

  public static ProtocolSettings defaults() {
    return new ProtocolSettings(2, 20, 40, 10, 6, 4096, 30, 64);
  }

  public ProtocolSettings {
    if (heartbeatTicks < 1 || retransmitTicks < 1 || catchUpTicks < 1 || clientRetryTicks < 1) {
      throw new IllegalArgumentException("tick counts must be at least 1");
    }
    if (electionTimeoutMinTicks <= heartbeatTicks || electionTimeoutMaxTicks < electionTimeoutMinTicks) {
      throw new IllegalArgumentException(
          "election timeout must exceed the heartbeat interval, and max must be at least min");
    }
    if (maxInFlight < 1 || clientWindow < 1) {
      throw new IllegalArgumentException("windows must be at least 1");
    }
  }
}
