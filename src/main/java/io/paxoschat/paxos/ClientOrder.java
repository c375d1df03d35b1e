package io.paxoschat.paxos;

import io.paxoschat.paxos.Command.ChatLine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The leader's per-client order: each client's lines are proposed in seq order, each once in a
 * view. A line is released to be proposed only when every earlier line of its client is
 * executed or already proposed in this view; copies of released lines are dropped (the learner
 * answers copies of executed ones, and undecided ones are retransmitted slot by slot).
 *
 * <p>A client's order is that of its newest session seen here: lines of an older session are
 * dropped (they cannot execute once the newer session is open), and the first line of a newer
 * one starts the client's order afresh.
 */
final class ClientOrder {

  /** Lines further ahead of a client's next seq than this are refused: no client sends them. */
  private final long lookAhead;
  private final Map<Integer, Queue> clients = new HashMap<>();
  /** Lines that phase 1 found accepted and this view re-proposes, per client: seq to session. */
  private final Map<Integer, Map<Long, Long>> reproposed;

  private static final class Queue {
    final long session;
    /** Every seq below this one is executed or proposed in this view. */
    long next;
    final NavigableMap<Long, ChatLine> waiting = new TreeMap<>();

    Queue(long session, long next) {
      this.session = session;
      this.next = next;
    }
  }

  ClientOrder(long lookAhead, Map<Integer, Map<Long, Long>> reproposed) {
    this.lookAhead = lookAhead;
    this.reproposed = reproposed;
  }

  /**
   * Lines of {@code clientId} arrived; its learner had executed its lines up to
   * {@code executedSeq}. Every line that is now next in its client's order goes to
   * {@code release}, in seq order.
   */
  void offer(int clientId, List<ChatLine> lines, long executedSeq, Consumer<ChatLine> release) {
    long session = Long.MIN_VALUE;
    for (ChatLine line : lines) {
      session = Math.max(session, line.session());
    }
    Queue queue = clients.get(clientId);
    if (queue == null || session > queue.session) {
      queue = new Queue(session, executedSeq + 1);
      clients.put(clientId, queue);
      skipReproposed(clientId, queue);
    } else if (executedSeq + 1 > queue.next) {
      queue.next = executedSeq + 1;
      queue.waiting.headMap(queue.next, false).clear();
    }
    long from = queue.next;
    long until = queue.next + lookAhead;
    for (ChatLine line : lines) {
      if (line.session() != queue.session || line.seq() < from || line.seq() >= until) {
        continue;
      }
      if (line.seq() == queue.next && queue.waiting.isEmpty()) {
        // The usual case, lines in order with none waiting: released without a trip through the map.
        release.accept(line);
        queue.next++;
        skipReproposed(clientId, queue);
      } else if (line.seq() >= queue.next) {
        queue.waiting.putIfAbsent(line.seq(), line);
      }
    }
    ChatLine line;
    while ((line = queue.waiting.remove(queue.next)) != null) {
      release.accept(line);
      queue.next++;
      skipReproposed(clientId, queue);
    }
  }

  /**
   * The learner skipped a line of {@code clientId} decided ahead of its predecessor: lines from
   * {@code executedSeq + 1} on must be proposed again, in order, as the client resends them.
   */
  void rewind(int clientId, long executedSeq) {
    Map<Long, Long> seqs = reproposed.get(clientId);
    if (seqs != null) {
      seqs.keySet().removeIf(seq -> seq > executedSeq); // skipped, or about to be: none of them counts
    }
    Queue queue = clients.get(clientId);
    if (queue == null) {
      clients.put(clientId, new Queue(Long.MIN_VALUE, executedSeq + 1));
    } else if (executedSeq + 1 < queue.next) {
      queue.next = executedSeq + 1;
    }
  }

  /** The next seq of a client that phase 1 re-proposed: proposing it again would only add a copy. */
  private void skipReproposed(int clientId, Queue queue) {
    Map<Long, Long> seqs = reproposed.get(clientId);
    while (seqs != null && seqs.remove(queue.next, queue.session)) {
      queue.next++;
    }
  }

  /** How many lines wait for an earlier line of their client. */
  int waitingCount() {
    int count = 0;
    for (Queue queue : clients.values()) {
      count += queue.waiting.size();
    }
    return count;
  }
}
