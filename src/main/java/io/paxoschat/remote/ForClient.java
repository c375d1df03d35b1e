package io.paxoschat.remote;

import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.WireMessage;

/**
 * A message for client {@code clientId} of a gateway. A gateway hosts many clients behind one
 * Artery address, and some of their messages (a learner's chat entries) do not name the client
 * they answer, so a node sending to a gateway's client says which one on the envelope.
 */
public record ForClient(int clientId, ClientMessage message) implements WireMessage {}
