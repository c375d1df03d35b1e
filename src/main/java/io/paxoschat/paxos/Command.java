package io.paxoschat.paxos;

import java.util.List;

/**
 * What a slot of the replicated log holds: a batch of clients' chat lines, the opening or the
 * closing of a client's session, or a no-op that fills a hole.
 */
public sealed interface Command {

  /**
   * The {@code seq}-th line (counting from 1, across all its sessions) that client
   * {@code clientId} sent, in its session {@code session} (the slot that opened it), its text as
   * UTF-8 ({@link Utf8Text}). A line read back from a chat log has no session
   * ({@link #FROM_LOG}): it executed there already, so only its seq matters to a replica that
   * replays it.
   */
  record ChatLine(int clientId, long session, long seq, Utf8Text utf8) {

    /** The session of a line as the chat log holds it: executed once, replayed by seq alone. */
    public static final long FROM_LOG = -1;

    public ChatLine(int clientId, long session, long seq, String text) {
      this(clientId, session, seq, Utf8Text.of(text));
    }

    /** A line as the chat log holds it, without its session. */
    public ChatLine(int clientId, long seq, String text) {
      this(clientId, FROM_LOG, seq, text);
    }

    public RequestId requestId() {
      return new RequestId(clientId, session, seq);
    }

    public String text() {
      return utf8.toString();
    }

    /** Bytes of the text in UTF-8, the measure of every size bound. */
    public int textBytes() {
      return utf8.length();
    }

    @Override
    public String toString() {
      return "ChatLine[clientId=" + clientId + ", session=" + session + ", seq=" + seq + ", text=" + text() + "]";
    }
  }

  /**
   * Chat lines in the order they execute, all in one slot. Lines of one client appear in seq
   * order; a batch is never empty (an empty slot is a {@link Noop}).
   */
  record Batch(List<ChatLine> lines) implements Command {
    public Batch {
      if (lines.isEmpty()) {
        throw new IllegalArgumentException("a batch holds at least one line");
      }
      lines = List.copyOf(lines);
    }

    public static Batch of(ChatLine... lines) {
      return new Batch(List.of(lines));
    }
  }

  /**
   * Client {@code clientId} opens a session; the slot this lands in is the session's id. The
   * client's lines of earlier sessions that are decided after it do not execute (none of them
   * was acknowledged), and the new session numbers its lines after the last executed one.
   * {@code nonce} names the opening attempt: a copy decided twice opens nothing new, and an
   * opening whose nonce is not above the current session's is stale and opens nothing.
   */
  record OpenSession(int clientId, long nonce) implements SessionChange {}

  /**
   * Client {@code clientId} closes its session {@code session}: from this slot on no line of it
   * executes, and a client that sends one is told the session is closed (it opens a new one to
   * go on). A closing of a session that is not the client's open one closes nothing.
   */
  record CloseSession(int clientId, long session) implements SessionChange {}

  /** A command that opens or closes a client's session: each takes a slot of its own. */
  sealed interface SessionChange extends Command permits OpenSession, CloseSession {
    int clientId();
  }

  /** Fills a slot that no value was chosen for; executes as nothing. */
  record Noop() implements Command {
    public static final Noop INSTANCE = new Noop();
  }

  /** Identifies a client request across retries and view changes. */
  record RequestId(int clientId, long session, long seq) {}

  /** The chat lines of {@code command}: none for a no-op. */
  static List<ChatLine> linesOf(Command command) {
    return command instanceof Batch batch ? batch.lines() : List.of();
  }
}
