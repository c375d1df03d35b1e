package io.paxoschat.chaos;

/**
 * The three roles of a replica that restarted; the proposer's {@link ProtocolRole#start()} is its
 * restart as a follower.
 */
public record RestartedRoles(ProtocolRole acceptor, ProtocolRole proposer, ProtocolRole learner) {

  /** These roles with another acceptor: a disk lost, or a planted bug. */
  public RestartedRoles withAcceptor(ProtocolRole otherAcceptor) {
    return new RestartedRoles(otherAcceptor, proposer, learner);
  }
}
