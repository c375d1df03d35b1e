package io.paxoschat.paxos;

import java.util.List;

/** The learner's protocol: decisions, client requests, catch-up, reading the chat, time. */
public sealed interface LearnerMessage extends Message {

  /** Slot {@code slot} is decided: it holds {@code command}. */
  record Decision(long slot, Command command) implements LearnerMessage, WireMessage {}

  /**
   * Slot {@code slot} is decided in {@code ballot}: it holds the value the leader of that ballot
   * proposed there, which it sent this replica's acceptor in an Accept. The leader tells the
   * learners of the other replicas so, rather than sending them the value a second time in a
   * {@link Decision}: a batch crosses the network once per follower. A learner that was not
   * given the value by its acceptor ({@link AcceptedHere}) gets it from a peer by catch-up.
   */
  record Chosen(Ballot ballot, long slot) implements LearnerMessage, WireMessage {}

  /**
   * Local: this replica's acceptor accepted {@code value}. Its learner keeps it until the slot is
   * decided, for a {@link Chosen} of the same ballot.
   */
  record AcceptedHere(PValue value) implements LearnerMessage {}

  /**
   * Client {@code clientId} asks for its {@code lines} (consecutive seqs, in order) to be
   * ordered and executed.
   */
  record ClientRequest(int clientId, List<Command.ChatLine> lines) implements LearnerMessage, WireMessage {

    public static ClientRequest of(Command.ChatLine... lines) {
      return new ClientRequest(lines[0].clientId(), List.of(lines));
    }
  }

  /**
   * A client asks to open or close its session ({@code change}). {@code handedOn} is set when a
   * follower passed it to the leader: it is not passed on again, so two replicas that each
   * believe the other leads cannot bounce it for ever.
   */
  record SessionRequest(Command.SessionChange change, boolean handedOn) implements LearnerMessage, WireMessage {

    public int clientId() {
      return change.clientId();
    }

    public static SessionRequest open(int clientId, long nonce) {
      return new SessionRequest(new Command.OpenSession(clientId, nonce), false);
    }

    public static SessionRequest close(int clientId, long session) {
      return new SessionRequest(new Command.CloseSession(clientId, session), false);
    }
  }

  /** Learner {@code requesterId} is missing decisions from {@code fromSlot} on. */
  record CatchUpRequest(int requesterId, long fromSlot) implements LearnerMessage, WireMessage {}

  /** Decisions a peer had for a catch-up request. */
  record CatchUpReply(List<Decision> decisions) implements LearnerMessage, WireMessage {}

  /**
   * Client {@code clientId} reads the chat: up to {@code maxEntries} executed lines from slot
   * {@code fromSlot} on. With {@code maxEntries = 0} it only asks how far its own lines executed.
   */
  record ReadChat(int clientId, long fromSlot, int maxEntries) implements LearnerMessage, WireMessage {}

  /**
   * Local: the replica follows the leader of {@code view}, which has decided every slot below
   * {@code commitIndex}; every replica it hears from executed every slot below {@code compactBelow},
   * so the learner need not keep those in memory for peers (its chat log still has them).
   */
  record LeaderInfo(long view, long commitIndex, long compactBelow) implements LearnerMessage {

    public LeaderInfo(long view, long commitIndex) {
      this(view, commitIndex, 0);
    }
  }

  /**
   * Local, from the shell: the chat log holds its first {@code slots} slots durably, as the
   * {@link Effect.SyncChatLog} that asked for it.
   */
  record ChatLogDurable(long slots) implements LearnerMessage {}

  /** Local: one unit of time passed. */
  enum Tick implements LearnerMessage { INSTANCE }
}
