package io.paxoschat.remote;

import io.paxoschat.paxos.WireMessage;

/** A gateway asks a replica's ingress how the replica is doing; it answers with a {@link StatusReport}. */
public enum StatusQuery implements WireMessage { INSTANCE }
