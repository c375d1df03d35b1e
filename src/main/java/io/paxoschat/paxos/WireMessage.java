package io.paxoschat.paxos;

/**
 * Marker for every message that may cross a process boundary. The actor system binds it to a
 * serializer of its own (the remote layer's wire format), so Java serialization never has to be
 * switched on.
 */
public interface WireMessage {}
