package io.paxoschat.chaos;

import io.paxoschat.paxos.Address;

/**
 * One replica in the simulator: its three roles and whether it runs.
 *
 * <p>Crash and restart, modelled honestly for a core that has no storage yet: the acceptor
 * object survives a crash untouched, as if its promises and acceptances were on disk before
 * each reply left (which is what recovery will guarantee), while the proposer and learner are
 * lost and come back fresh: the new learner starts from slot 0 and catches up from its peers.
 * A replica crashed for good never runs again.
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

  void restart(ProtocolRole recoveredAcceptor, ProtocolRole freshProposer, ProtocolRole freshLearner) {
    up = true;
    incarnation++;
    acceptor = recoveredAcceptor;
    proposer = freshProposer;
    learner = freshLearner;
  }
}
