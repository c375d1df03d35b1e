package io.paxoschat.paxos;

/** Every message a role handles, grouped by the role that receives it. */
public sealed interface Message
    permits AcceptorMessage, ProposerMessage, LearnerMessage, ClientMessage {}
