package io.paxoschat.events;

import io.paxoschat.paxos.Address;

/**
 * The lane of the space-time diagram a node's events go to: {@code r<id>} for every role of a
 * replica, {@code c<id>} for a client. Names are cached, since every recorded message needs two.
 */
public final class Lanes {

  private static final int CACHED = 64;
  private static final String[] REPLICAS = new String[CACHED];
  private static final String[] CLIENTS = new String[CACHED];

  static {
    for (int i = 0; i < CACHED; i++) {
      REPLICAS[i] = "r" + i;
      CLIENTS[i] = "c" + i;
    }
  }

  private Lanes() {}

  public static String replica(int id) {
    return id >= 0 && id < CACHED ? REPLICAS[id] : "r" + id;
  }

  public static String client(int id) {
    return id >= 0 && id < CACHED ? CLIENTS[id] : "c" + id;
  }

  public static String of(Address address) {
    return address.role() == Address.Role.CLIENT ? client(address.id()) : replica(address.id());
  }

  /** Whether a message between these two stays inside one replica (between its roles). */
  public static boolean local(Address from, Address to) {
    return from.role() != Address.Role.CLIENT && to.role() != Address.Role.CLIENT && from.id() == to.id();
  }
}
