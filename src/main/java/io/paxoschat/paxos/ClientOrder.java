package io.paxoschat.paxos;

import io.paxoschat.paxos.Command.ChatLine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The leader's per-client order: each client's lines are proposed in seq order, each once in a
 * view. A line is released to be proposed only when every earlier line of its client is
 * executed or already proposed in this view; copies of released lines are dropped (the learner
 * answers copies of executed ones, and undecided ones are retransmitted slot by slot).
 */
final class ClientOrder {

  /** Lines further ahead of a client's next seq than this are refused: no client sends them. */
  private final long lookAhead;
  private final Map<Integer, Queue> clients = new HashMap<>();
  /** Seqs that phase 1 found accepted and this view re-proposes, per client. */
  private final Map<Integer, Set<Long>> reproposed;

  private static final class Queue {
    /** Every seq below this one is executed or proposed in this view. */
    long next;
    final NavigableMap<Long, ChatLine> waiting = new TreeMap<>();

    Queue(long next) {
      this.next = next;
    }
  }

  ClientOrder(long lookAhead, Map<Integer, Set<Long>> reproposed) {
    this.lookAhead = lookAhead;
    this.reproposed = reproposed;
  }

  /**
   * Lines of {@code clientId} arrived; its learner had executed its lines up to
   * {@code executedSeq}. Every line that is now next in its client's order goes to
   * {@code release}, in seq order.
   */
  void offer(int clientId, List<ChatLine> lines, long executedSeq, Consumer<ChatLine> release) {
    Queue queue = clients.get(clientId);
    if (queue == null) {
      queue = new Queue(executedSeq + 1);
      clients.put(clientId, queue);
      skipReproposed(clientId, queue);
    } else if (executedSeq + 1 > queue.next) {
      queue.next = executedSeq + 1;
      queue.waiting.headMap(queue.next, false).clear();
    }
    for (ChatLine line : lines) {
      if (line.seq() >= queue.next && line.seq() < queue.next + lookAhead) {
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
    Set<Long> seqs = reproposed.get(clientId);
    if (seqs != null) {
      seqs.removeIf(seq -> seq > executedSeq); // skipped, or about to be: none of them counts
    }
    Queue queue = clients.get(clientId);
    if (queue == null) {
      clients.put(clientId, new Queue(executedSeq + 1));
    } else if (executedSeq + 1 < queue.next) {
      queue.next = executedSeq + 1;
    }
  }

  /** The next seq of a client that phase 1 re-proposed: proposing it again would only add a copy. */
  private void skipReproposed(int clientId, Queue queue) {
    Set<Long> seqs = reproposed.get(clientId);
    while (seqs != null && seqs.remove(queue.next)) {
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
