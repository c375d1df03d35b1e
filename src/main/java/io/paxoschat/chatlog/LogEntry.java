package io.paxoschat.chatlog;

import io.paxoschat.paxos.Command;
import java.util.Objects;

/** One line of a replica log: what slot {@code slot} executed. */
public record LogEntry(long slot, Command command) {

  public LogEntry {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    Objects.requireNonNull(command, "command");
  }
}
