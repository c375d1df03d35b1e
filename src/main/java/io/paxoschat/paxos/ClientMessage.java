package io.paxoschat.paxos;

import java.util.List;

/** The client's protocol: acknowledgements, the chat it reads, lines to send, time. */
public sealed interface ClientMessage extends Message {

  /**
   * Every line of client {@code clientId} up to and including {@code executedUpToSeq} is
   * executed; the replier follows the leader of {@code view}.
   */
  record ClientReply(int clientId, long executedUpToSeq, long view) implements ClientMessage, WireMessage {}

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

  /** Local: one unit of time passed. */
  enum Tick implements ClientMessage { INSTANCE }
}
