package io.paxoschat.fault;

import io.paxoschat.paxos.Address;

/**
 * The faults injected into one run of the actors (one JVM or processes), as the command line's
 * {@code --fail}, {@code --skip}, {@code --loss} and {@code --seed} asked for them.
 *
 * @param failPrimaries the primaries of views 0..N-1 crash for good, each right after it
 *     receives its first client request as primary
 * @param skipSlot the slot the primary of view 0 leaves empty, or -1 (its proposer does it: see
 *     {@link io.paxoschat.paxos.Proposer#leaveSlotEmptyInView0})
 * @param lossProbability probability that any network message to a replica or client is lost
 * @param seed seeds every random choice; each node draws from its own stream
 */
public record InjectedFaults(int failPrimaries, long skipSlot, double lossProbability, long seed) {

  public static InjectedFaults none(long seed) {
    return new InjectedFaults(0, -1, 0, seed);
  }

  public boolean crashesAsPrimary(int replicaId) {
    return replicaId < failPrimaries;
  }

  /** The filter in front of one node. Each node gets its own seeded stream, or all would drop alike. */
  public MessageFilter filterFor(Address node) {
    MessageFilter filter = MessageFilter.NONE;
    if (lossProbability > 0) {
      long nodeSeed = seed * 1_000_003L + node.role().ordinal() * 10_007L + node.id();
      filter = new LossFilter(lossProbability, nodeSeed);
    }
    return filter;
  }
}
