package io.paxoschat.remote;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.NodeAddress;
import io.paxoschat.paxos.Address;

/** One process of the cluster: a replica (hosting its three roles) or a client. */
public record NodeId(Kind kind, int id) {

  public enum Kind { REPLICA, CLIENT }

  public static NodeId replica(int id) {
    return new NodeId(Kind.REPLICA, id);
  }

  public static NodeId client(int id) {
    return new NodeId(Kind.CLIENT, id);
  }

  /** The node that hosts a protocol address. */
  public static NodeId hosting(Address address) {
    return address.role() == Address.Role.CLIENT ? client(address.id()) : replica(address.id());
  }

  /** Where this node listens, as the cluster file says. */
  public NodeAddress addressIn(ClusterConfig config) {
    return kind == Kind.REPLICA ? config.replica(id) : config.client(id);
  }

  /** {@code replica-0}, {@code client-2}: file names, key store names, actor names. */
  public String name() {
    return kind.name().toLowerCase() + "-" + id;
  }

  @Override
  public String toString() {
    return name();
  }
}
