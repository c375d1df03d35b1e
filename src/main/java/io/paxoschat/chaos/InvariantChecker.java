package io.paxoschat.chaos;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the safety invariants as the run goes, one executed slot or acknowledgement at a time,
 * and remembers the first one broken. A replica's log is its chat log: a restarted replica keeps
 * a prefix of it (what was on disk) and continues from there.
 *
 * <p>A client id may run several times (a client started again opens a new session, with nonce
 * {@code run + 1}); each run has lines of its own. A line executes only in the session it was
 * sent in, which must be its client's open session at that slot, and the {@code i}-th line a
 * session executes is its run's {@code i}-th line.
 */
final class InvariantChecker {

  /** A broken invariant, before the simulation adds seed, time and trace. */
  record Finding(Invariant invariant, String detail) {}

  /** Per client, per run, its lines in order. */
  private final List<List<List<String>>> runs = new ArrayList<>();
  /** The command executed at each slot, by whichever replica got there first. */
  private final List<Command> executed = new ArrayList<>();
  private final long[] logLength;
  /** Per replica and client: the seq of the client's last line in the replica's current log. */
  private final long[][] lastSeq;
  /** Per client: the highest seq any replica executed (lines execute in order, so all below too). */
  private final long[] executedSeq;
  /** Per replica and client: its open session in the replica's current log, and the seq before it. */
  private final OpenRun[][] openRuns;
  /** Per client: for each executed seq, the session and slot it executed in (the same everywhere). */
  private final List<Map<Long, long[]>> executedLines = new ArrayList<>();
  /** Per client: the highest seq it saw acknowledged. */
  private final long[] acknowledgedSeq;
  private Finding finding;

  /** The session a client's run opened at slot {@code session.id()}, after its seq {@code base}. */
  private record OpenRun(Session session, int run, long base) {
    static final OpenRun NONE = new OpenRun(Session.NONE, -1, 0);

    OpenRun closed() {
      return new OpenRun(new Session(session.id(), session.nonce(), true), run, base);
    }
  }

  /** @param submitted per client id, the lines of its first run, in order */
  InvariantChecker(int replicaCount, List<List<String>> submitted) {
    for (List<String> lines : submitted) {
      List<List<String>> own = new ArrayList<>();
      own.add(List.copyOf(lines));
      runs.add(own);
      executedLines.add(new HashMap<>());
    }
    this.logLength = new long[replicaCount];
    this.lastSeq = new long[replicaCount][submitted.size()];
    this.executedSeq = new long[submitted.size()];
    this.acknowledgedSeq = new long[submitted.size()];
    this.openRuns = new OpenRun[replicaCount][submitted.size()];
    for (OpenRun[] row : openRuns) {
      Arrays.fill(row, OpenRun.NONE);
    }
  }

  /** Client {@code client} starts its run {@code run} (opening with nonce {@code run + 1}) with {@code lines}. */
  void onClientRun(int client, int run, List<String> lines) {
    List<List<String>> own = runs.get(client);
    while (own.size() <= run) {
      own.add(List.of());
    }
    own.set(run, List.copyOf(lines));
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
    if (command instanceof Command.OpenSession open) {
      onOpening(replica, slot, open);
    } else if (command instanceof Command.CloseSession close) {
      onClosing(replica, slot, close);
    }
    for (ChatLine line : Command.linesOf(command)) {
      onLine(replica, slot, line);
    }
  }

  private void onOpening(int replica, long slot, Command.OpenSession open) {
    int client = open.clientId();
    int run = (int) open.nonce() - 1;
    if (client < 0 || client >= runs.size() || run < 0 || run >= runs.get(client).size()) {
      fail(Invariant.VALIDITY, "replica-" + replica + " opened " + open + " at slot " + slot + ", which no client asked for");
      return;
    }
    if (open.nonce() <= openRuns[replica][client].session().nonce()) {
      fail(Invariant.SESSIONS, "replica-" + replica + " opened " + open + " at slot " + slot
          + " after the newer session " + openRuns[replica][client].session());
      return;
    }
    openRuns[replica][client] = new OpenRun(new Session(slot, open.nonce()), run, lastSeq[replica][client]);
  }

  private void onClosing(int replica, long slot, Command.CloseSession close) {
    int client = close.clientId();
    if (client < 0 || client >= runs.size()) {
      fail(Invariant.VALIDITY, "replica-" + replica + " executed " + close + " at slot " + slot + ", of no client");
      return;
    }
    OpenRun open = openRuns[replica][client];
    if (!open.session().admits(close.session())) {
      fail(Invariant.SESSIONS, "replica-" + replica + " closed session " + close.session() + " at slot " + slot
          + " while its client's latest session was " + open.session());
      return;
    }
    openRuns[replica][client] = open.closed();
  }

  private void onLine(int replica, long slot, ChatLine line) {
    int client = line.clientId();
    if (client < 0 || client >= runs.size()) {
      fail(Invariant.VALIDITY, "replica-" + replica + " executed " + line + " at slot " + slot + ", of no client");
      return;
    }
    OpenRun open = openRuns[replica][client];
    if (!open.session().admits(line.session())) {
      fail(Invariant.SESSIONS, "replica-" + replica + " executed " + line + " at slot " + slot
          + " while its client's latest session was " + open.session());
      return;
    }
    List<String> lines = runs.get(client).get(open.run());
    long index = line.seq() - open.base() - 1;
    if (index < 0 || index >= lines.size() || !lines.get((int) index).equals(line.text())) {
      fail(Invariant.VALIDITY, "replica-" + replica + " executed " + line + " at slot " + slot
          + ", which its client's run " + open.run() + " did not send as seq " + line.seq());
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
      executedLines.get(client).putIfAbsent(line.seq(), new long[] {line.session(), slot});
    }
  }

  /** Replica {@code replica} restarted with the first {@code keptSlots} slots of its log. */
  void onRestart(int replica, long keptSlots) {
    logLength[replica] = Math.min(keptSlots, logLength[replica]);
    Arrays.fill(lastSeq[replica], 0);
    Arrays.fill(openRuns[replica], OpenRun.NONE);
    for (long slot = 0; slot < logLength[replica]; slot++) {
      Command command = executed.get((int) slot);
      if (command instanceof Command.OpenSession open && open.clientId() >= 0 && open.clientId() < runs.size()) {
        openRuns[replica][open.clientId()] = new OpenRun(new Session(slot, open.nonce()), (int) open.nonce() - 1,
            lastSeq[replica][open.clientId()]);
      } else if (command instanceof Command.CloseSession close && close.clientId() >= 0
          && close.clientId() < runs.size()) {
        openRuns[replica][close.clientId()] = openRuns[replica][close.clientId()].closed();
      }
      for (ChatLine line : Command.linesOf(command)) {
        if (line.clientId() >= 0 && line.clientId() < runs.size()) {
          lastSeq[replica][line.clientId()] = Math.max(lastSeq[replica][line.clientId()], line.seq());
        }
      }
    }
  }

  /** The first {@code slots} slots of the agreed log: what a replica's chat log holding them says. */
  List<Command> agreedLog(long slots) {
    return List.copyOf(executed.subList(0, (int) slots));
  }

  /**
   * A client was told its line is executed: that very line (its session, not only its seq) must
   * be, and in the slot the acknowledgement named.
   */
  void onAcknowledged(Effect.Acknowledged ack) {
    ChatLine line = ack.line();
    long[] where = executedLines.get(line.clientId()).get(line.seq());
    if (where == null) {
      fail(Invariant.ACKNOWLEDGED_KEPT, "client " + line.clientId() + " was acknowledged seq " + line.seq()
          + " but no replica has executed it");
    } else if (where[0] != line.session()) {
      fail(Invariant.ACKNOWLEDGED_KEPT, "client " + line.clientId() + " was acknowledged " + line
          + ", but seq " + line.seq() + " executed in session " + where[0] + " at slot " + where[1]
          + ": the acknowledged line never executed");
    } else if (ack.slot() >= 0 && ack.slot() != where[1]) {
      fail(Invariant.ACKNOWLEDGED_KEPT, "client " + line.clientId() + " was acknowledged " + line + " in slot "
          + ack.slot() + ", but it executed in slot " + where[1]);
    }
    acknowledgedSeq[line.clientId()] = Math.max(acknowledgedSeq[line.clientId()], line.seq());
  }

  /** Every live replica holds every acknowledged line; called when the run has settled. */
  void checkAcknowledgedEverywhere(boolean[] live) {
    for (int replica = 0; replica < live.length && finding == null; replica++) {
      if (!live[replica]) {
        continue;
      }
      for (int client = 0; client < acknowledgedSeq.length; client++) {
        // A client's lines execute in seq order without gaps, so holding the last holds them all.
        if (lastSeq[replica][client] < acknowledgedSeq[client]) {
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
