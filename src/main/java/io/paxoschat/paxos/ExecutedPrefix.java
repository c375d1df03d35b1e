package io.paxoschat.paxos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replica's chat log holds when it restarts, as its learner needs it: how many slots it
 * executed, and per client the seq of the last line it executed there. The log's executed form
 * determines the dedup table, so nothing else is needed.
 */
public record ExecutedPrefix(long slots, Map<Integer, Long> lastExecutedSeq) {

  public static final ExecutedPrefix EMPTY = new ExecutedPrefix(0, Map.of());

  public ExecutedPrefix {
    if (slots < 0) {
      throw new IllegalArgumentException("slots must not be negative, was " + slots);
    }
    lastExecutedSeq = Map.copyOf(lastExecutedSeq);
  }

  /** The prefix of a log kept in memory, slot by slot from slot 0 (a driver's stand-in for the file). */
  public static ExecutedPrefix of(List<Command> executed) {
    Map<Integer, Long> last = new HashMap<>();
    for (Command command : executed) {
      for (Command.ChatLine line : Command.linesOf(command)) {
        last.merge(line.clientId(), line.seq(), Math::max);
      }
    }
    return new ExecutedPrefix(executed.size(), last);
  }
}
