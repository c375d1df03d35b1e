package io.paxoschat.paxos;

/**
 * Where a message goes: one role of one replica, or one client. The protocol names peers only
 * by address; the shell around it decides whether that is a local actor or a remote one.
 */
public record Address(Role role, int id) {

  public enum Role { ACCEPTOR, PROPOSER, LEARNER, CLIENT }

  public static Address acceptor(int replicaId) {
    return new Address(Role.ACCEPTOR, replicaId);
  }

  public static Address proposer(int replicaId) {
    return new Address(Role.PROPOSER, replicaId);
  }

  public static Address learner(int replicaId) {
    return new Address(Role.LEARNER, replicaId);
  }

  public static Address client(int clientId) {
    return new Address(Role.CLIENT, clientId);
  }

  @Override
  public String toString() {
    return role.name().toLowerCase() + "-" + id;
  }
}
