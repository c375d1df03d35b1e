package io.paxoschat.paxos;

/** The client's protocol: acknowledgements and time. */
public sealed interface ClientMessage extends Message {

  /**
   * Every line of client {@code clientId} up to and including {@code executedUpToSeq} is
   * executed; the replier follows the leader of {@code view}.
   */
  record ClientReply(int clientId, long executedUpToSeq, long view) implements ClientMessage, WireMessage {}

  /** Local: one unit of time passed. */
  enum Tick implements ClientMessage { INSTANCE }
}
