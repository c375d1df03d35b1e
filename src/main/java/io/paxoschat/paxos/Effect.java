package io.paxoschat.paxos;

/** What a role asks its shell to do after handling one event. */
public sealed interface Effect {

  /** Deliver {@code message} to {@code to}; the network may lose it. */
  record Send(Address to, Message message) implements Effect {}

  /**
   * Append slot {@code slot} to the chat log. {@code command} is what executes: the chat line,
   * or a no-op (also for a decided line that dedup or client order turned into nothing).
   */
  record Execute(long slot, Command command) implements Effect {}

  /**
   * Make {@code record} durable. An acceptor emits it before the {@link Send} it guards, and the
   * shell must not carry out any later Send until every earlier Persist is durable: an answer
   * may never promise more than the disk remembers.
   */
  record Persist(AcceptorRecord record) implements Effect {}

  /**
   * Make the chat log durable through its first {@code slots} slots (fsync it, for a log that
   * needs it), then tell the learner {@link LearnerMessage.ChatLogDurable}. A learner asks on a
   * tick, after the shell has flushed every slot executed so far, and never while an earlier
   * request is still out.
   */
  record SyncChatLog(long slots) implements Effect {}

  /**
   * Send slots {@code [fromSlot, toSlot)} to the learner at {@code to} as a catch-up reply, read
   * from this replica's chat log: they are executed and no longer kept in memory. The executed
   * form (a line that did not execute is a no-op there) executes the same at the receiver, whose
   * log is a prefix of ours. One chunk is enough; the receiver asks again for the rest.
   */
  record SendFromLog(Address to, long fromSlot, long toSlot) implements Effect {}

  /**
   * Answer a reader of the chat from this replica's chat log: slots {@code request.fromSlot()}
   * up to {@code toSlot} are executed but no longer kept in memory. The shell reads a chunk of
   * them and answers with {@link Learner#chatFromLog}; the reader asks again for the rest.
   */
  record ChatFromLog(LearnerMessage.ReadChat request, long toSlot, long clientLastSeq) implements Effect {}

  /**
   * The client saw its {@code line} acknowledged: it executed in slot {@code slot}, or in a slot
   * the acknowledgement did not name ({@code slot} is -1). For a record of what was acknowledged.
   */
  record Acknowledged(long slot, Command.ChatLine line) implements Effect {}
}
