package io.paxoschat.paxos;

import java.util.List;

/** The client's protocol: acknowledgements, the chat it reads, lines to send, time. */
public sealed interface ClientMessage extends Message {

  /**
   * Every line of client {@code clientId} up to and including {@code executedUpToSeq} is
   * executed, and {@code session} is the client's open session there (a client whose own
   * session is older was superseded: none of its unacknowledged lines will ever execute). The
   * lines from {@code slotFirstSeq} to {@code executedUpToSeq} executed in slot {@code slot}
   * ({@code slot} is -1 when the replier does not know, after a restart). The replier follows
   * the leader of {@code view}.
   */
  record ClientReply(int clientId, long session, long executedUpToSeq, long slot, long slotFirstSeq, long view)
      implements ClientMessage, WireMessage {}

  /**
   * Client {@code clientId}'s open session is {@code session}, opened with {@code nonce}; its
   * last executed line has seq {@code lastSeq}, so the session numbers its lines from
   * {@code lastSeq + 1}. A client that asked with another nonce did not open it. The replier
   * follows the leader of {@code view}.
   */
  record SessionOpened(int clientId, long nonce, long session, long lastSeq, long view)
      implements ClientMessage, WireMessage {}

  /**
   * Client {@code clientId}'s session {@code session} is closed: none of its lines executes any
   * more. The answer to a closing, and to lines of a closed session: "session closed, reopen".
   * Every line up to {@code lastSeq} executed; a new session numbers on from there. For a session
   * no opening started (a client that outlived its cluster), {@code lastSeq} is {@link #UNKNOWN}:
   * nothing is known of its lines.
   */
  record SessionClosed(int clientId, long session, long lastSeq) implements ClientMessage, WireMessage {

    public static final long UNKNOWN = -1;
  }

  /**
   * Learner {@code replicaId} answers a {@link LearnerMessage.ReadChat} from {@code fromSlot}:
   * {@code entries} are every chat line it executed in slots {@code fromSlot .. nextSlot - 1}
   * (the other slots there hold no-ops), and {@code clientLastSeq} is the last seq of the asking
   * client it executed.
   */
  record ChatEntries(int replicaId, long fromSlot, long nextSlot, long clientLastSeq, List<ChatEntry> entries)
      implements ClientMessage, WireMessage {}

  /** Local: the user typed {@code text}; send it after every line given before. */
  record Submit(String text) implements ClientMessage {}

  /**
   * Local: {@code texts} handed over together (a paced sender's lines that fell due at once);
   * sent in order after every line given before, as few messages as the window allows, rather than
   * one message a line as that many {@link Submit}s would be.
   */
  record SubmitAll(List<String> texts) implements ClientMessage {
    public SubmitAll {
      texts = List.copyOf(texts);
    }
  }

  /**
   * Local: a paced sender's next lines fell due while the client had none in flight. Its shell
   * takes them from the pace and hands them over as a {@link SubmitAll}; the core has nothing to
   * do with this message itself.
   */
  enum LinesDue implements ClientMessage { INSTANCE }

  /**
   * Local: the user leaves. The client sends nothing more and closes its session, after which no
   * line of it executes; the answer says which of its lines did.
   */
  enum Close implements ClientMessage { INSTANCE }

  /** Local: one unit of time passed. */
  enum Tick implements ClientMessage { INSTANCE }
}
