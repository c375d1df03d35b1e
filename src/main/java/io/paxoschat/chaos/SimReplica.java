package io.paxoschat.chaos;

import io.paxoschat.paxos.Address;

/**
 * One replica in the simulator: its three roles and whether it runs.
 *
 * <p>Crash and restart, as recovery from disk does them: the acceptor object survives a crash
 * untouched, which is exactly what replaying its persisted records rebuilds (every record is
 * durable before the reply it guards leaves); the learner comes back from its chat log, which
 * keeps at least what it reported and maybe part of the tail after it; the proposer comes back
 * as a follower of the view its acceptor promised. A replica crashed for good never runs again.
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
