package io.paxoschat.actor;

import io.paxoschat.paxos.Command;
import java.util.List;

/** Where a learner puts executed slots: the replica's chat log file, or memory in tests. */
public interface ExecutionSink {

  void executed(long slot, Command command);

  /** Make what was executed so far visible to readers of the log. */
  void flush();

  /** Whether {@link #force} is needed to make flushed slots survive a power loss. */
  default boolean needsForce() {
    return false;
  }

  /**
   * Makes what {@link #flush} handed over durable. Unlike the other methods it may run on a
   * thread other than the owner's, while the owner goes on appending.
   */
  default void force() {}

  void close();

  /** Close as a crash would: what {@link #flush} has not handed over may be lost. */
  default void abandon() {
    close();
  }

  /**
   * Up to {@code maxSlots} executed slots from {@code fromSlot} on, in their executed form, to
   * serve a peer that lags behind what the learner keeps in memory; it may stop once it has read
   * about {@code maxBytes}. Empty if the sink cannot read back.
   */
  default List<Command> read(long fromSlot, int maxSlots, int maxBytes) {
    return List.of();
  }
}
