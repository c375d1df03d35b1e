package io.paxoschat.actor;

import io.paxoschat.paxos.Command;
import java.util.List;

/** Where a learner puts executed slots: the replica's chat log file, or memory in tests. */
public interface ExecutionSink {

  void executed(long slot, Command command);

  /** Make what was executed so far visible to readers of the log (and durable, if the sink syncs). */
  void flush();

  void close();

  /** Close as a crash would: what {@link #flush} has not handed over may be lost. */
  default void abandon() {
    close();
  }

  /**
   * Up to {@code maxSlots} executed slots from {@code fromSlot} on, in their executed form, to
   * serve a peer that lags behind what the learner keeps in memory. Empty if the sink cannot
   * read back.
   */
  default List<Command> read(long fromSlot, int maxSlots) {
    return List.of();
  }
}
