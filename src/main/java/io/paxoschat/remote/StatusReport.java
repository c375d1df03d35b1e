package io.paxoschat.remote;

import io.paxoschat.paxos.WireMessage;

/**
 * What replica {@code replicaId} says of itself when a gateway asks: the view it follows, whether
 * it leads it, the slots it executed (every slot below {@code executedUpTo}), the slots decided
 * as far as it knows, and the proposals it has open.
 */
public record StatusReport(int replicaId, long view, boolean leading, long executedUpTo, long commitIndex,
    int pendingProposals) implements WireMessage {}
