package io.paxoschat.paxos;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.Chosen;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The leader's phase 2: at most {@code maxInFlight} undecided slots at once, each a batch. Lines
 * released by the client order queue up while the window is full and leave together as the next
 * batch when a slot is decided: the batch is whatever queued while earlier rounds were in
 * flight, with no timer, bounded in lines and bytes.
 */
final class Phase2Window {

  private final Ballot ballot;
  private final int replicaCount;
  private final int majority;
  private final ProtocolSettings settings;
  private final ClientOrder order;

  /** Where this view's phase 2 starts: every slot from here on is proposed by this leader. */
  private final long startSlot;
  private long nextSlot;
  private final NavigableMap<Long, Proposal> inFlight = new TreeMap<>();
  /**
   * Slots this leader decided that its own learner has not executed yet. Their decisions are
   * sent again until it has: were a decision lost to every learner, no peer could serve it.
   */
  private final NavigableMap<Long, Proposal> decidedNotExecuted = new TreeMap<>();
  private final ArrayDeque<ChatLine> ready = new ArrayDeque<>();
  /** Session openings and closings to propose, each in a slot of its own, before the next batch. */
  private final ArrayDeque<Command.SessionChange> sessionChanges = new ArrayDeque<>();
  /** The openings and closings proposed in this view: a client that asks again gets no second slot. */
  private final Set<Command.SessionChange> sessionChangesProposed = new HashSet<>();
  /**
   * Lines that came while this leader's learner had not yet executed every slot before this
   * view: it could not tell which of them executed already. They go back to it once it has.
   */
  private final Map<Integer, List<ChatLine>> parked = new HashMap<>();
  private int parkedLines;
  private final int id;
  /** A slot a faulty leader never proposes in (see {@link Proposer#leaveSlotEmptyInView0}), or -1. */
  private long slotLeftEmpty = -1;
  private long batchesProposed;
  private long linesProposed;

  /** One slot this leader proposed and has not yet seen chosen. */
  private static final class Proposal {
    final Command command;
    final Set<Integer> acceptedBy = new HashSet<>();
    long sentAt;

    Proposal(Command command, long sentAt) {
      this.command = command;
      this.sentAt = sentAt;
    }
  }

  /**
   * Phase 1 is won: proposes again, in this ballot, the value phase 1 found for each slot from
   * {@code startSlot} on, and a no-op for every hole between them.
   */
  Phase2Window(Ballot ballot, int replicaCount, ProtocolSettings settings, long startSlot,
      NavigableMap<Long, PValue> recovered, long now, Effects out) {
    this.ballot = ballot;
    this.id = ballot.leaderId();
    this.replicaCount = replicaCount;
    this.majority = replicaCount / 2 + 1;
    this.settings = settings;
    Map<Integer, Map<Long, Long>> reproposed = new HashMap<>();
    this.startSlot = startSlot;
    nextSlot = startSlot;
    long lastRecovered = recovered.isEmpty() ? startSlot - 1 : recovered.lastKey();
    for (long slot = startSlot; slot <= lastRecovered; slot++) {
      PValue value = recovered.get(slot);
      Command command = value == null ? Command.Noop.INSTANCE : value.command();
      for (ChatLine line : Command.linesOf(command)) {
        reproposed.computeIfAbsent(line.clientId(), c -> new HashMap<>()).put(line.seq(), line.session());
      }
      if (command instanceof Command.SessionChange change) {
        sessionChangesProposed.add(change);
      }
      propose(slot, command, now, out);
    }
    nextSlot = Math.max(nextSlot, lastRecovered + 1);
    this.order = new ClientOrder(4L * settings.clientWindow(), reproposed);
  }

  /**
   * Lines of one client from its learner, which had executed the client's lines up to
   * {@code executedSeq} and every slot below {@code learnerExecutedUpTo}: those next in the
   * client's order join the next batch.
   */
  void offer(int clientId, List<ChatLine> lines, long executedSeq, long learnerExecutedUpTo, long now, Effects out) {
    if (learnerExecutedUpTo < startSlot) {
      if (parkedLines < 4 * settings.clientWindow()) {
        parked.computeIfAbsent(clientId, c -> new ArrayList<>()).addAll(lines);
        parkedLines += lines.size();
      }
      return;
    }
    order.offer(clientId, lines, executedSeq, ready::add);
    proposeReady(now, out);
  }

  /** A client asks to open or close a session: once per view, in the next free slot. */
  void changeSession(Command.SessionChange change, long now, Effects out) {
    if (sessionChangesProposed.add(change)) {
      sessionChanges.add(change);
      proposeReady(now, out);
    }
  }

  void leaveEmpty(long slot) {
    slotLeftEmpty = slot;
  }

  /**
   * A line of {@code clientId} in {@code slot} was skipped, decided ahead of its predecessor.
   * Only a slot of this view counts: below it, a learner that lags reports what earlier views
   * left behind, which this view's phase 1 already took into account.
   */
  void rewind(int clientId, long executedSeq, long slot) {
    if (slot >= startSlot) {
      order.rewind(clientId, executedSeq);
    }
  }

  private void proposeReady(long now, Effects out) {
    while ((!ready.isEmpty() || !sessionChanges.isEmpty()) && inFlight.size() < settings.maxInFlight()) {
      if (nextSlot == slotLeftEmpty) {
        // Held open and never sent: the commit index stops here while later slots are decided.
        inFlight.put(nextSlot++, new Proposal(null, now));
        continue;
      }
      if (!sessionChanges.isEmpty()) {
        propose(nextSlot++, sessionChanges.pollFirst(), now, out);
        continue;
      }
      List<ChatLine> batch = new ArrayList<>();
      int bytes = WireSize.PER_SLOT;
      while (!ready.isEmpty() && batch.size() < settings.maxBatchLines()) {
        int size = WireSize.of(ready.peekFirst());
        if (!batch.isEmpty() && bytes + size > settings.maxBatchBytes()) {
          break;
        }
        bytes += size;
        batch.add(ready.pollFirst());
      }
      batchesProposed++;
      linesProposed += batch.size();
      propose(nextSlot++, new Command.Batch(batch), now, out);
    }
  }

  private void propose(long slot, Command command, long now, Effects out) {
    inFlight.put(slot, new Proposal(command, now));
    Accept accept = new Accept(ballot, slot, command);
    for (int acceptor = 0; acceptor < replicaCount; acceptor++) {
      out.send(Address.acceptor(acceptor), accept);
    }
  }

  void onAccepted(Accepted accepted, long executedUpTo, long now, Effects out) {
    if (!accepted.ballot().equals(ballot)) {
      return;
    }
    Proposal proposal = inFlight.get(accepted.slot());
    if (proposal == null) {
      return;
    }
    proposal.acceptedBy.add(accepted.acceptorId());
    if (proposal.acceptedBy.size() >= majority) {
      inFlight.remove(accepted.slot());
      if (accepted.slot() >= executedUpTo) {
        proposal.sentAt = now;
        decidedNotExecuted.put(accepted.slot(), proposal);
      }
      sendDecision(accepted.slot(), proposal.command, out);
      proposeReady(now, out);
    }
  }

  void onExecuted(long executedUpTo, Effects out) {
    decidedNotExecuted.headMap(executedUpTo).clear();
    if (executedUpTo >= startSlot && !parked.isEmpty()) {
      // The learner now knows what executed before this view: it answers those and hands the rest back.
      parked.forEach((client, lines) -> out.send(Address.learner(id), new LearnerMessage.ClientRequest(client, lines)));
      parked.clear();
      parkedLines = 0;
    }
  }

  /** Accepts and decisions that went unanswered for a retransmit interval go out again. */
  void retransmit(long now, Effects out) {
    for (var entry : inFlight.entrySet()) {
      Proposal proposal = entry.getValue();
      if (proposal.command == null || now - proposal.sentAt < settings.retransmitTicks()) {
        continue;
      }
      proposal.sentAt = now;
      Accept accept = new Accept(ballot, entry.getKey(), proposal.command);
      for (int acceptor = 0; acceptor < replicaCount; acceptor++) {
        if (!proposal.acceptedBy.contains(acceptor)) {
          out.send(Address.acceptor(acceptor), accept);
        }
      }
    }
    for (var entry : decidedNotExecuted.entrySet()) {
      Proposal decided = entry.getValue();
      if (now - decided.sentAt >= settings.retransmitTicks()) {
        decided.sentAt = now;
        sendDecision(entry.getKey(), decided.command, out);
      }
    }
  }

  /**
   * Its own learner gets the value; the others only hear that the slot is chosen in this ballot:
   * each of their acceptors was sent the value in this ballot's Accept and hands it on.
   */
  private void sendDecision(long slot, Command command, Effects out) {
    Decision decision = new Decision(slot, command);
    Chosen chosen = new Chosen(ballot, slot);
    for (int replica = 0; replica < replicaCount; replica++) {
      out.send(Address.learner(replica), replica == id ? decision : chosen);
    }
  }

  /** Every slot below this one is decided, as far as this leader knows. */
  long commitIndex() {
    return inFlight.isEmpty() ? nextSlot : inFlight.firstKey();
  }

  /** This leader has proposed in no slot from here on yet. */
  long nextSlot() {
    return nextSlot;
  }

  int inFlightCount() {
    return inFlight.size();
  }

  /** Lines released or waiting for an earlier line of their client, not yet in a batch. */
  int waitingCount() {
    return ready.size() + order.waitingCount() + parkedLines;
  }

  long batchesProposed() {
    return batchesProposed;
  }

  long linesProposed() {
    return linesProposed;
  }
}
