package io.paxoschat.paxos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replica's chat log holds when it restarts, as its learner needs it: how many slots it
 * executed, per client the seq of the last line it executed there, and per client its latest session
 * (the SESSION and CLOSE lines of the log). The log's executed form determines both the
 * dedup table and the sessions, so nothing else is needed.
 */
public record ExecutedPrefix(long slots, Map<Integer, Long> lastExecutedSeq, Map<Integer, Session> sessions) {

  public static final ExecutedPrefix EMPTY = new ExecutedPrefix(0, Map.of(), Map.of());

  public ExecutedPrefix {
    if (slots < 0) {
      throw new IllegalArgumentException("slots must not be negative, was " + slots);
    }
    lastExecutedSeq = Map.copyOf(lastExecutedSeq);
    sessions = Map.copyOf(sessions);
  }

  /** The prefix of a log kept in memory, slot by slot from slot 0 (a driver's stand-in for the file). */
  public static ExecutedPrefix of(List<Command> executed) {
    Map<Integer, Long> last = new HashMap<>();
    Map<Integer, Session> sessions = new HashMap<>();
    for (int slot = 0; slot < executed.size(); slot++) {
      Command command = executed.get(slot);
      Session.replay(sessions, slot, command);
      for (Command.ChatLine line : Command.linesOf(command)) {
        last.put(line.clientId(), line.seq());
      }
    }
    return new ExecutedPrefix(executed.size(), last, sessions);
  }
}
