package io.paxoschat.paxos;

import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.CatchUpRequest;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.LeaderInfo;
import io.paxoschat.paxos.LearnerMessage.Tick;
import io.paxoschat.paxos.ProposerMessage.LearnerProgress;
import io.paxoschat.paxos.ProposerMessage.Propose;
import io.paxoschat.paxos.ProposerMessage.SuspectLeader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The learner of one replica: it executes decided slots strictly in slot order into the chat
 * log, and answers clients.
 *
 * <p>Execution is deterministic, so every replica turns the same decided log into the same chat
 * log: a client's line executes only if it is that client's next line ({@code seq} one above
 * the last executed). A line decided twice (a retry across a view change) executes once; a line
 * decided before its predecessor executes as a no-op and the client, still unacknowledged, sends
 * it again. Either way the slot is written as {@code NOOP}.
 *
 * <p>Memory: decided commands are kept for lagging peers only above the leader's compaction
 * point ({@link LeaderInfo#compactBelow()}); a peer that asks for older slots is served from the
 * chat log file ({@link Effect.SendFromLog}). A restarted learner rebuilds itself from its own
 * chat log ({@link #recover}) and keeps nothing in memory below where it restarted.
 */
public final class Learner {

  /** How many decisions one catch-up reply carries at most. */
  public static final int CATCH_UP_CHUNK = 512;

  private final int id;
  private final int replicaCount;
  private final ProtocolSettings settings;

  private long now;
  private long nextToExecute;
  private final NavigableMap<Long, Command> decidedAhead = new TreeMap<>();
  /** Decided commands of slots {@link #historyStart} .. {@link #nextToExecute}-1, to serve peers that lag. */
  private final List<Command> history = new ArrayList<>();
  private long historyStart;
  private final Map<Integer, Long> lastExecutedSeq = new HashMap<>();
  /** Clients that sent to this replica directly; it acknowledges their lines as they execute. */
  private final Set<Integer> servedClients = new HashSet<>();

  private long view;
  private long knownCommitIndex;
  /** The commit index the leader last reported, and since when it has stood there. */
  private long leaderCommitIndex;
  private long leaderCommitSince;
  private long progressReported;
  private long stuckAtSlot = -1;
  private long stuckSince;
  private long lastCatchUpSent;
  private long lastSuspicionSent;
  private int catchUpRotation;
  private int lastCatchUpPeer = -1;

  public Learner(int id, int replicaCount, ProtocolSettings settings) {
    this.id = id;
    this.replicaCount = replicaCount;
    this.settings = settings;
  }

  /**
   * The learner of a replica whose chat log already holds slots {@code 0 .. nextToExecute-1};
   * {@code lastExecutedSeq} is, per client, the seq of its last line executed there. That is all
   * the state execution needs: the log's executed form determines the dedup table.
   */
  public static Learner recover(
      int id, int replicaCount, ProtocolSettings settings, long nextToExecute, Map<Integer, Long> lastExecutedSeq) {
    Learner learner = new Learner(id, replicaCount, settings);
    learner.nextToExecute = nextToExecute;
    learner.historyStart = nextToExecute;
    learner.lastExecutedSeq.putAll(lastExecutedSeq);
    return learner;
  }

  public List<Effect> handle(LearnerMessage message) {
    List<Effect> out = new ArrayList<>();
    if (message instanceof Decision decision) {
      onDecision(decision, out);
    } else if (message instanceof ClientRequest request) {
      onClientRequest(request.line(), out);
    } else if (message instanceof Tick) {
      onTick(out);
    } else if (message instanceof LeaderInfo info) {
      onLeaderInfo(info);
    } else if (message instanceof CatchUpRequest request) {
      onCatchUpRequest(request, out);
    } else if (message instanceof CatchUpReply reply) {
      onCatchUpReply(reply, out);
    }
    return out;
  }

  private void onClientRequest(ChatLine line, List<Effect> out) {
    servedClients.add(line.clientId());
    long executed = lastExecutedSeq.getOrDefault(line.clientId(), 0L);
    if (line.seq() <= executed) {
      out.add(reply(line.clientId()));
      return;
    }
    out.add(new Effect.Send(Address.proposer(id), new Propose(line)));
  }

  private void onDecision(Decision decision, List<Effect> out) {
    long slot = decision.slot();
    if (slot < nextToExecute) {
      return;
    }
    decidedAhead.putIfAbsent(slot, decision.command());
    knownCommitIndex = Math.max(knownCommitIndex, slot + 1);
    Command next;
    while ((next = decidedAhead.remove(nextToExecute)) != null) {
      execute(nextToExecute, next, out);
      history.add(next);
      nextToExecute++;
    }
  }

  private void execute(long slot, Command command, List<Effect> out) {
    if (!(command instanceof ChatLine line)) {
      out.add(new Effect.Execute(slot, Command.Noop.INSTANCE));
      return;
    }
    long executed = lastExecutedSeq.getOrDefault(line.clientId(), 0L);
    if (line.seq() == executed + 1) {
      lastExecutedSeq.put(line.clientId(), line.seq());
      out.add(new Effect.Execute(slot, line));
    } else {
      out.add(new Effect.Execute(slot, Command.Noop.INSTANCE));
    }
    if (servedClients.contains(line.clientId()) && line.seq() <= executed + 1) {
      out.add(reply(line.clientId()));
    }
  }

  private Effect reply(int clientId) {
    long executed = lastExecutedSeq.getOrDefault(clientId, 0L);
    return new Effect.Send(Address.client(clientId), new ClientReply(clientId, executed, view));
  }

  private void onLeaderInfo(LeaderInfo info) {
    if (info.view() != view || info.commitIndex() != leaderCommitIndex) {
      leaderCommitIndex = info.commitIndex();
      leaderCommitSince = now;
    }
    view = Math.max(view, info.view());
    knownCommitIndex = Math.max(knownCommitIndex, info.commitIndex());
    pruneHistory(info.compactBelow());
  }

  private void pruneHistory(long compactBelow) {
    long newStart = Math.min(compactBelow, nextToExecute);
    if (newStart > historyStart) {
      history.subList(0, (int) (newStart - historyStart)).clear();
      historyStart = newStart;
    }
  }

  private void onCatchUpRequest(CatchUpRequest request, List<Effect> out) {
    if (request.fromSlot() < historyStart) {
      out.add(new Effect.SendFromLog(Address.learner(request.requesterId()), request.fromSlot(), nextToExecute));
      return;
    }
    List<Decision> decisions = new ArrayList<>();
    long slot = request.fromSlot();
    while (decisions.size() < CATCH_UP_CHUNK) {
      Command command = slot < nextToExecute ? history.get((int) (slot - historyStart)) : decidedAhead.get(slot);
      if (command != null) {
        decisions.add(new Decision(slot, command));
      } else if (slot >= nextToExecute && decidedAhead.ceilingKey(slot) == null) {
        break;
      }
      slot++;
    }
    if (!decisions.isEmpty()) {
      out.add(new Effect.Send(Address.learner(request.requesterId()), new CatchUpReply(decisions)));
    }
  }

  /**
   * A reply that moved us on while we still lag asks the same peer for the next chunk at once:
   * a learner far behind streams its catch-up instead of waiting a catch-up interval per chunk.
   */
  private void onCatchUpReply(CatchUpReply reply, List<Effect> out) {
    long before = nextToExecute;
    for (Decision decision : reply.decisions()) {
      onDecision(decision, out);
    }
    if (nextToExecute > before && nextToExecute < knownCommitIndex && lastCatchUpPeer >= 0) {
      lastCatchUpSent = now;
      out.add(new Effect.Send(Address.learner(lastCatchUpPeer), new CatchUpRequest(id, nextToExecute)));
    }
  }

  /**
   * A gap (decisions known above a slot we lack, or a leader that says it decided more) is
   * filled from peers. If the gap is at the leader's own commit index, which has not moved for
   * twice the longest election timeout although later slots are decided, the leader cannot fill
   * it either: we suspect it, which is how a skipped slot ends up as a no-op. Looking at the
   * leader's commit index rather than only our own gap keeps a lossy network, where just we
   * lag, from unseating a working leader.
   */
  private void onTick(List<Effect> out) {
    now++;
    // Once a tick, not once a slot: the proposer only needs a recent value (a low one is safe).
    if (nextToExecute > progressReported) {
      progressReported = nextToExecute;
      out.add(new Effect.Send(Address.proposer(id), new LearnerProgress(nextToExecute)));
    }
    boolean lagging = nextToExecute < knownCommitIndex || !decidedAhead.isEmpty();
    if (!lagging) {
      stuckAtSlot = -1;
      return;
    }
    if (stuckAtSlot != nextToExecute) {
      stuckAtSlot = nextToExecute;
      stuckSince = now;
      return;
    }
    if (replicaCount > 1 && now - lastCatchUpSent >= settings.catchUpTicks()) {
      lastCatchUpSent = now;
      lastCatchUpPeer = nextCatchUpPeer();
      out.add(new Effect.Send(Address.learner(lastCatchUpPeer), new CatchUpRequest(id, nextToExecute)));
    }
    boolean leaderStuck = nextToExecute >= leaderCommitIndex
        && !decidedAhead.isEmpty()
        && decidedAhead.lastKey() > leaderCommitIndex
        && now - leaderCommitSince >= 2L * settings.electionTimeoutMaxTicks();
    if (leaderStuck
        && now - stuckSince >= settings.electionTimeoutMaxTicks()
        && now - lastSuspicionSent >= settings.electionTimeoutMaxTicks()) {
      lastSuspicionSent = now;
      out.add(new Effect.Send(Address.proposer(id), new SuspectLeader(view)));
    }
  }

  /** Ask the leader first, then each other peer in turn, so one dead peer cannot starve us. */
  private int nextCatchUpPeer() {
    int leader = Ballot.leaderOf(view, replicaCount);
    int peer = (leader + catchUpRotation++) % replicaCount;
    if (peer == id) {
      peer = (leader + catchUpRotation++) % replicaCount;
    }
    return peer;
  }

  // ---- observation ------------------------------------------------------------------------

  public long nextToExecute() {
    return nextToExecute;
  }

  public long lastExecutedSeq(int clientId) {
    return lastExecutedSeq.getOrDefault(clientId, 0L);
  }

  public long view() {
    return view;
  }

  /** The lowest slot still kept in memory for peers; older ones are served from the chat log. */
  public long historyStart() {
    return historyStart;
  }
}
