package io.paxoschat.chaos;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks the safety invariants as the run goes, one executed slot or acknowledgement at a time,
 * and remembers the first one broken. A replica's log is its chat log: a restarted replica keeps
 * a prefix of it (what was on disk) and continues from there.
 */
final class InvariantChecker {

  /** A broken invariant, before the simulation adds seed, time and trace. */
  record Finding(Invariant invariant, String detail) {}

  private final List<List<String>> submitted;
  /** The command executed at each slot, by whichever replica got there first. */
  private final List<Command> executed = new ArrayList<>();
  private final long[] logLength;
  /** Per replica and client: the seq of the client's last line in the replica's current log. */
  private final long[][] lastSeq;
  /** Per client: the highest seq any replica executed (lines execute in order, so all below too). */
  private final long[] executedSeq;
  private Finding finding;

  /** @param submitted per client id, its lines in order (seq {@code i + 1} is element {@code i}) */
  InvariantChecker(int replicaCount, List<List<String>> submitted) {
    this.submitted = List.copyOf(submitted);
    this.logLength = new long[replicaCount];
    this.lastSeq = new long[replicaCount][submitted.size()];
    this.executedSeq = new long[submitted.size()];
  }

  void onExecute(int replica, long slot, Command command) {
    if (slot != logLength[replica]) {
      fail(Invariant.PREFIX, "replica-" + replica + " executed slot " + slot + " but its log holds "
          + logLength[replica] + " slots");
      return;
    }
    if (slot < executed.size()) {
      Command before = executed.get((int) slot);
      if (!before.equals(command)) {
        fail(Invariant.AGREEMENT, "replica-" + replica + " executed " + command + " at slot " + slot
            + " where another replica executed " + before);
        return;
      }
    } else {
      executed.add(command);
    }
    logLength[replica]++;
    for (ChatLine line : Command.linesOf(command)) {
      onLine(replica, slot, line);
    }
  }

  private void onLine(int replica, long slot, ChatLine line) {
    int client = line.clientId();
    if (client < 0 || client >= submitted.size() || line.seq() < 1
        || line.seq() > submitted.get(client).size()
        || !submitted.get(client).get((int) line.seq() - 1).equals(line.text())) {
      fail(Invariant.VALIDITY, "replica-" + replica + " executed " + line + " at slot " + slot
          + ", which no client submitted");
      return;
    }
    long last = lastSeq[replica][client];
    if (line.seq() <= last) {
      fail(Invariant.AT_MOST_ONCE, "replica-" + replica + " executed (client " + client + ", seq "
          + line.seq() + ") again at slot " + slot);
    } else if (line.seq() != last + 1) {
      fail(Invariant.CLIENT_ORDER, "replica-" + replica + " executed (client " + client + ", seq "
          + line.seq() + ") at slot " + slot + " before seq " + (last + 1));
    } else {
      lastSeq[replica][client] = line.seq();
      executedSeq[client] = Math.max(executedSeq[client], line.seq());
    }
  }

  /** Replica {@code replica} restarted with the first {@code keptSlots} slots of its log. */
  void onRestart(int replica, long keptSlots) {
    logLength[replica] = Math.min(keptSlots, logLength[replica]);
    Arrays.fill(lastSeq[replica], 0);
    for (long slot = 0; slot < logLength[replica]; slot++) {
      for (ChatLine line : Command.linesOf(executed.get((int) slot))) {
        if (line.clientId() >= 0 && line.clientId() < submitted.size()) {
          lastSeq[replica][line.clientId()] = Math.max(lastSeq[replica][line.clientId()], line.seq());
        }
      }
    }
  }

  /** The first {@code slots} slots of the agreed log, as a chat log holds them. */
  List<Command> executedPrefix(long slots) {
    return List.copyOf(executed.subList(0, (int) slots));
  }

  /** Client {@code client} was told its line {@code seq} is executed. */
  void onAcknowledged(int client, long seq) {
    if (seq > executedSeq[client]) {
      fail(Invariant.ACKNOWLEDGED_KEPT, "client " + client + " was acknowledged seq " + seq
          + " but no replica has executed it");
    }
  }

  /** Every live replica holds every acknowledged line; called when the run has settled. */
  void checkAcknowledgedEverywhere(boolean[] live, long[] acknowledged) {
    for (int replica = 0; replica < live.length && finding == null; replica++) {
      if (!live[replica]) {
        continue;
      }
      for (int client = 0; client < acknowledged.length; client++) {
        if (lastSeq[replica][client] < acknowledged[client]) {
          fail(Invariant.ACKNOWLEDGED_KEPT, "replica-" + replica + " settled without (client "
              + client + ", seq " + (lastSeq[replica][client] + 1) + "), which was acknowledged");
          return;
        }
      }
    }
  }

  void fail(Invariant invariant, String detail) {
    if (finding == null) {
      finding = new Finding(invariant, detail);
    }
  }

  Finding finding() {
    return finding;
  }

  /** Slots executed by at least one replica: the length of the longest log. */
  long longestLog() {
    return executed.size();
  }

  long logLength(int replica) {
    return logLength[replica];
  }

  Command executedAt(long slot) {
    return executed.get((int) slot);
  }
}
