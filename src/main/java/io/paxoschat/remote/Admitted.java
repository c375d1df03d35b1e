package io.paxoschat.remote;

import io.paxoschat.paxos.Message;

/**
 * A message the node itself hands to one of its roles: sent by a role of this node, or let in
 * by its {@link Ingress}. Deliberately not a wire message: it has no serializer, so it can only
 * be made inside this process. {@code from} is the node it came from (this one for a message
 * between its own roles).
 */
record Admitted(Message message, NodeId from) {}
