package io.paxoschat.paxos;

import java.util.Map;

/**
 * A client's latest session: the {@link Command.OpenSession} with nonce {@code nonce} decided in
 * slot {@code id}, {@code closed} once a {@link Command.CloseSession} of it executed. Every
 * replica executes the same openings and closings at the same slots, so every replica holds the
 * same session for a client after the same slot. A closed session keeps its id and nonce: a copy
 * of its opening decided later must not open it again.
 */
public record Session(long id, long nonce, boolean closed) {

  /** A client that never opened a session: any real opening is newer. */
  public static final Session NONE = new Session(-1, Long.MIN_VALUE, false);

  public Session(long id, long nonce) {
    this(id, nonce, false);
  }

  /** Whether a line of session {@code session} executes now. */
  public boolean admits(long session) {
    return !closed && id == session;
  }

  Session closedNow() {
    return new Session(id, nonce, true);
  }

  /**
   * Replays an executed slot of a chat log into {@code sessions}. Only openings and closings that
   * took effect are in an executed log (the others executed as no-ops), so replaying them is
   * applying them.
   */
  public static void replay(Map<Integer, Session> sessions, long slot, Command executed) {
    if (executed instanceof Command.OpenSession open) {
      sessions.put(open.clientId(), new Session(slot, open.nonce()));
    } else if (executed instanceof Command.CloseSession close) {
      sessions.computeIfPresent(close.clientId(), (client, open) -> open.closedNow());
    }
  }
}
