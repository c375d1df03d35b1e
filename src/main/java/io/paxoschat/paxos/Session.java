package io.paxoschat.paxos;

/**
 * A client's open session: the {@link Command.OpenSession} with nonce {@code nonce} decided in
 * slot {@code id}. Every replica executes the same openings at the same slots, so every replica
 * holds the same session for a client after the same slot.
 */
public record Session(long id, long nonce) {

  /** A client that never opened a session: any real opening is newer. */
  public static final Session NONE = new Session(-1, Long.MIN_VALUE);
}
