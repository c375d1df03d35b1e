package io.paxoschat.web;

import io.paxoschat.actor.Directory;
import io.paxoschat.paxos.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/** How a gateway's actors reach the cluster: Artery in a gateway process, a fake in route tests. */
interface GatewayNetwork {

  Directory directory();

  /** Makes the actor at {@code ref} the one that messages to {@code address} reach. */
  void register(Address address, ActorRef<?> ref);

  /** Wraps a client behavior as the node admits network messages to it. */
  Behavior<?> guard(Behavior<Object> client);

  /** Asks replica {@code id} how it is doing; its answer goes to the {@link ClusterView}. */
  void queryStatus(int replica);
}
