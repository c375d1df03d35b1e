package io.paxoschat.chatlog;

import io.paxoschat.paxos.Command;
import java.util.Objects;

/** What slot {@code slot} of a replica log executed: a batch of lines, or a no-op. */
public record LogEntry(long slot, Command command) {

  public LogEntry {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    Objects.requireNonNull(command, "command");
  }
}
