package io.paxoschat.chaos;

import io.paxoschat.paxos.Address;

/**
 * One replica in the simulator: its three roles and whether it runs.
 *
 * <p>A crash drops its proposer and learner; a restart replaces all three roles with the ones
 * rebuilt from its disk (see {@link RoleFactory#restart}). A replica crashed for good never runs
 * again.
 */
final class SimReplica {

  final int id;
  ProtocolRole acceptor;
  ProtocolRole proposer;
  ProtocolRole learner;
  boolean up = true;
  boolean crashedForGood;
  int incarnation;

  SimReplica(int id, ProtocolRole acceptor, ProtocolRole proposer, ProtocolRole learner) {
    this.id = id;
    this.acceptor = acceptor;
    this.proposer = proposer;
    this.learner = learner;
  }

  ProtocolRole role(Address.Role role) {
    switch (role) {
      case ACCEPTOR:
        return acceptor;
      case PROPOSER:
        return proposer;
      case LEARNER:
        return learner;
      default:
        throw new IllegalArgumentException("a replica has no " + role);
    }
  }

  void crash(boolean forGood) {
    up = false;
    crashedForGood = forGood;
    proposer = null;
    learner = null;
  }

  void restart(RestartedRoles roles) {
    up = true;
    incarnation++;
    acceptor = roles.acceptor();
    proposer = roles.proposer();
    learner = roles.learner();
  }
}
