package io.paxoschat.remote;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.NodeAddress;
import io.paxoschat.paxos.Address;

/**
 * One process of the cluster: a replica (hosting its three roles), a client, or a web gateway
 * (hosting a client per browser tab, each with an id from its block).
 */
public record NodeId(Kind kind, int id) {

  public enum Kind { REPLICA, CLIENT, GATEWAY }

  public static NodeId replica(int id) {
    return new NodeId(Kind.REPLICA, id);
  }

  public static NodeId client(int id) {
    return new NodeId(Kind.CLIENT, id);
  }

  public static NodeId gateway(int id) {
    return new NodeId(Kind.GATEWAY, id);
  }

  /** The node that hosts a protocol address, without gateways: see {@link #hosting(Address, ClusterConfig)}. */
  public static NodeId hosting(Address address) {
    return address.role() == Address.Role.CLIENT ? client(address.id()) : replica(address.id());
  }

  /** The node that hosts a protocol address: a client id in a gateway's block lives on that gateway. */
  public static NodeId hosting(Address address, ClusterConfig config) {
    if (address.role() == Address.Role.CLIENT) {
      var gateway = config.gatewayHosting(address.id());
      if (gateway != null) {
        return gateway(gateway.id());
      }
    }
    return hosting(address);
  }

  /** Where this node listens, as the cluster file says. */
  public NodeAddress addressIn(ClusterConfig config) {
    return switch (kind) {
      case REPLICA -> config.replica(id);
      case CLIENT -> config.client(id);
      case GATEWAY -> config.gateway(id).address();
    };
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
