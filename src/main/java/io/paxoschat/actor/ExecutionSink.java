package io.paxoschat.actor;

import io.paxoschat.paxos.Command;

/** Where a learner puts executed slots: the replica's chat log file, or memory in tests. */
public interface ExecutionSink {

  void executed(long slot, Command command);

  /** Make what was executed so far visible to readers of the log. */
  void flush();

  void close();
}
