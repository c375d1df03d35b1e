package io.paxoschat.sim;

import io.paxoschat.actor.ExecutionSink;
import io.paxoschat.paxos.Command;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Chat logs kept in memory, one per replica, for end-to-end assertions. */
final class InMemoryChatLogs {

  private final List<List<Command>> logs = new ArrayList<>();

  InMemoryChatLogs(int replicaCount) {
    for (int i = 0; i < replicaCount; i++) {
      logs.add(Collections.synchronizedList(new ArrayList<>()));
    }
  }

  ExecutionSink sinkFor(int replicaId) {
    List<Command> log = logs.get(replicaId);
    return new ExecutionSink() {
      @Override
      public void executed(long slot, Command command) {
        if (slot != log.size()) {
          throw new IllegalStateException("replica " + replicaId + " executed slot " + slot + " after " + log.size());
        }
        log.add(command);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}

      @Override
      public List<Command> read(long fromSlot, int maxSlots, int maxBytes) {
        synchronized (log) {
          int from = (int) Math.min(fromSlot, log.size());
          return List.copyOf(log.subList(from, (int) Math.min(log.size(), from + (long) maxSlots)));
        }
      }
    };
  }

  List<Command> log(int replicaId) {
    synchronized (logs.get(replicaId)) {
      return List.copyOf(logs.get(replicaId));
    }
  }
}
