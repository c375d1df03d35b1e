package io.paxoschat.paxos;

import io.paxoschat.paxos.ClientMessage.ChatEntries;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.AcceptedHere;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.CatchUpRequest;
import io.paxoschat.paxos.LearnerMessage.ChatLogDurable;
import io.paxoschat.paxos.LearnerMessage.Chosen;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.LeaderInfo;
import io.paxoschat.paxos.LearnerMessage.ReadChat;
import io.paxoschat.paxos.LearnerMessage.SessionRequest;
import io.paxoschat.paxos.LearnerMessage.Tick;
import io.paxoschat.paxos.ProposerMessage.LearnerProgress;
import io.paxoschat.paxos.ProposerMessage.LinesOutOfOrder;
import io.paxoschat.paxos.ProposerMessage.Propose;
import io.paxoschat.paxos.ProposerMessage.ProposeSessionChange;
import io.paxoschat.paxos.ProposerMessage.SuspectLeader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The learner of one replica: it executes decided slots strictly in slot order into the chat
 * log, and answers clients.
 *
 * <p>A slot holds a batch of lines. Execution is deterministic, so every replica turns the same
 * decided log into the same chat log: a client's line executes only if it is that client's next
 * line ({@code seq} one above the last executed). A line decided twice (a retry across a view
 * change) executes once. The leader proposes each client's lines in seq order, so a line decided
 * ahead of its predecessor happens only when a view change re-proposes what an old leader left
 * behind: such a line is skipped, the leader is told ({@link LinesOutOfOrder}) and proposes the
 * client's lines again from the first missing one. A slot none of whose lines executes is
 * written as {@code NOOP}.
 *
 * <p>Sessions: a client opens a session through the log ({@link Command.OpenSession}); from the
 * slot that opens it, only lines of that session execute for the client. A line of an older
 * session, which its client can no longer have acknowledged, never executes after that slot,
 * so a client that starts again cannot have its new lines taken for retries of old ones. A
 * client closes its session the same way ({@link Command.CloseSession}): from that slot no line
 * of the session executes, and one that arrives is answered "session closed" so that its sender
 * opens a new session rather than retry for ever.
 *
 * <p>Decided values: the leader's own learner is sent each decided value ({@link Decision}); a
 * follower's learner is sent only that the slot is chosen in the leader's ballot ({@link Chosen})
 * and takes the value from what its own acceptor accepted in that ballot ({@link AcceptedHere}):
 * a ballot's leader proposes one value per slot, so that is the chosen one. A value accepted in
 * another ballot is never taken for it. A chosen slot whose value did not come (the Accept was
 * lost, or the learner restarted) is filled by catch-up from a peer, like any other gap.
 *
 * <p>Memory: decided commands are kept for lagging peers only above the leader's compaction
 * point ({@link LeaderInfo#compactBelow()}); a peer that asks for older slots is served from the
 * chat log file ({@link Effect.SendFromLog}), and so is a reader of the chat that starts there
 * ({@link Effect.ChatFromLog}). A restarted learner rebuilds itself from its own chat log
 * ({@link #recover}) and keeps nothing in memory below where it restarted.
 */
public final class Learner {

  private final int id;
  private final int replicaCount;
  private final ProtocolSettings settings;

  private long now;
  private long nextToExecute;
  private final NavigableMap<Long, Command> decidedAhead = new TreeMap<>();
  /** For slots not decided here yet, the value this replica's acceptor accepted in the highest ballot. */
  private final NavigableMap<Long, PValue> acceptedHere = new TreeMap<>();
  /** Slots a leader said are chosen in its ballot whose value in that ballot this learner lacks. */
  private final NavigableMap<Long, Ballot> chosenWithoutValue = new TreeMap<>();
  /** Decided commands of slots {@link #historyStart} .. {@link #nextToExecute}-1, to serve peers that lag. */
  private final List<Command> history = new ArrayList<>();
  private long historyStart;
  private final Map<Integer, Long> lastExecutedSeq = new HashMap<>();
  /** Per client, the slot its last executed line is in and the first of its lines there. */
  private final Map<Integer, long[]> lastSlotOf = new HashMap<>();
  /** Each client's latest session; a client that never opened one has {@link Session#NONE}. */
  private final Map<Integer, Session> sessions = new HashMap<>();
  /** The chat lines that executed (not the no-ops), in slot order, to answer readers. */
  private final List<ChatEntry> executedLines = new ArrayList<>();
  /** Clients that sent to this replica directly; it acknowledges their lines as they execute. */
  private final Set<Integer> servedClients = new HashSet<>();

  private long view;
  private long knownCommitIndex;
  /** The commit index the leader last reported, and since when it has stood there. */
  private long leaderCommitIndex;
  private long leaderCommitSince;
  private long progressReported;
  /** The chat log holds every slot below this durably (the shell said so). */
  private long durableUpTo;
  private long durableReported;
  /** A {@link Effect.SyncChatLog} is out and not yet answered; when the latest went out. */
  private boolean syncPending;
  private long syncAskedAt;
  private long stuckAtSlot = -1;
  private long stuckSince;
  private long lastCatchUpSent;
  private long lastSuspicionSent;
  private int catchUpRotation;
  private int lastCatchUpPeer = -1;
  private long linesSkipped;
  private long linesOfOtherSessions;

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
    return recover(id, replicaCount, settings, nextToExecute, lastExecutedSeq, Map.of());
  }

  /** The learner of a replica whose chat log holds {@code chatLog}: its slots, dedup table and sessions. */
  public static Learner recover(int id, int replicaCount, ProtocolSettings settings, ExecutedPrefix chatLog) {
    return recover(id, replicaCount, settings, chatLog.slots(), chatLog.lastExecutedSeq(), chatLog.sessions());
  }

  private static Learner recover(int id, int replicaCount, ProtocolSettings settings, long nextToExecute,
      Map<Integer, Long> lastExecutedSeq, Map<Integer, Session> sessions) {
    Learner learner = new Learner(id, replicaCount, settings);
    learner.nextToExecute = nextToExecute;
    learner.historyStart = nextToExecute;
    // Recovered from the chat log on disk: it holds these durably already.
    learner.durableUpTo = nextToExecute;
    learner.lastExecutedSeq.putAll(lastExecutedSeq);
    learner.sessions.putAll(sessions);
    return learner;
  }

  public List<Effect> handle(LearnerMessage message) {
    List<Effect> out = new ArrayList<>();
    if (message instanceof Decision decision) {
      onDecision(decision, out);
    } else if (message instanceof Chosen chosen) {
      onChosen(chosen, out);
    } else if (message instanceof AcceptedHere accepted) {
      onAcceptedHere(accepted.value(), out);
    } else if (message instanceof ClientRequest request) {
      onClientRequest(request, out);
    } else if (message instanceof SessionRequest request) {
      onSessionRequest(request, out);
    } else if (message instanceof Tick) {
      onTick(out);
    } else if (message instanceof ChatLogDurable durable) {
      durableUpTo = Math.max(durableUpTo, Math.min(durable.slots(), nextToExecute));
      syncPending = false;
    } else if (message instanceof LeaderInfo info) {
      onLeaderInfo(info);
    } else if (message instanceof CatchUpRequest request) {
      onCatchUpRequest(request, out);
    } else if (message instanceof CatchUpReply reply) {
      onCatchUpReply(reply, out);
    } else if (message instanceof ReadChat read) {
      onReadChat(read, out);
    } else {
      throw new IllegalArgumentException("learner cannot handle " + message);
    }
    return out;
  }

  /**
   * Executed copies are answered at once (the retry cache); the rest go to the proposer. Lines
   * of a session older than the client's latest one are answered with the latest session, which
   * tells their sender it was superseded; lines of a closed or an unknown session are answered
   * "session closed"; lines of a session this learner has not executed the opening of yet go on (it may
   * lag: the leader's learner judges them).
   */
  private void onClientRequest(ClientRequest request, List<Effect> out) {
    int client = request.clientId();
    servedClients.add(client);
    long executed = lastExecutedSeq.getOrDefault(client, 0L);
    Session latest = session(client);
    List<ChatLine> pending = new ArrayList<>(request.lines().size());
    Long endedSession = null;
    for (ChatLine line : request.lines()) {
      if (line.clientId() != client || line.seq() <= executed || line.session() < latest.id()) {
        continue;
      }
      if (latest.closed() && line.session() == latest.id() || isUnknownSession(latest, line.session())) {
        endedSession = line.session();
      } else {
        pending.add(line);
      }
    }
    if (endedSession != null && endedSession == latest.id()) {
      out.add(sessionClosed(client, endedSession));
    } else if (endedSession != null) {
      // Nothing is known of an unknown session's lines: the client must not take any as executed.
      out.add(sessionClosed(client, endedSession, ClientMessage.SessionClosed.UNKNOWN));
    } else if (pending.size() < request.lines().size()) {
      out.add(reply(client));
    }
    if (!pending.isEmpty()) {
      out.add(new Effect.Send(Address.proposer(id), new Propose(client, pending, executed)));
    }
  }

  /**
   * A session that no opening of the client started: its slot executed here with something else
   * in it. Only a client that outlived its cluster (a cluster started anew) can name one.
   */
  private boolean isUnknownSession(Session latest, long session) {
    return session > latest.id() && session < nextToExecute;
  }

  /**
   * An opening or closing this learner executed already (or one overtaken by a later opening) is
   * answered at once; any other goes to the proposer.
   */
  private void onSessionRequest(SessionRequest request, List<Effect> out) {
    int client = request.clientId();
    servedClients.add(client);
    Session latest = session(client);
    if (request.change() instanceof Command.OpenSession open && latest.nonce() >= open.nonce()) {
      out.add(sessionOpened(client));
    } else if (request.change() instanceof Command.CloseSession close && latest.id() > close.session()) {
      // Superseded: the reply names the newer session. The lines executed since are not the asker's.
      out.add(reply(client));
    } else if (request.change() instanceof Command.CloseSession close && latest.id() == close.session()
        && latest.closed()) {
      out.add(sessionClosed(client, close.session()));
    } else {
      out.add(new Effect.Send(Address.proposer(id), new ProposeSessionChange(request.change(), request.handedOn())));
    }
  }

  private void onChosen(Chosen chosen, List<Effect> out) {
    long slot = chosen.slot();
    if (slot < nextToExecute || decidedAhead.containsKey(slot)) {
      return;
    }
    PValue value = acceptedHere.get(slot);
    if (value != null && value.ballot().equals(chosen.ballot())) {
      onDecision(new Decision(slot, value.command()), out);
    } else {
      // Until the value of that ballot comes, the slot is a gap that catch-up fills.
      knownCommitIndex = Math.max(knownCommitIndex, slot + 1);
      chosenWithoutValue.put(slot, chosen.ballot());
    }
  }

  private void onAcceptedHere(PValue value, List<Effect> out) {
    long slot = value.slot();
    if (slot < nextToExecute || decidedAhead.containsKey(slot)) {
      return;
    }
    if (value.ballot().equals(chosenWithoutValue.get(slot))) {
      onDecision(new Decision(slot, value.command()), out);
      return;
    }
    PValue held = acceptedHere.get(slot);
    if (held == null || value.ballot().isAbove(held.ballot())) {
      acceptedHere.put(slot, value);
    }
  }

  private void onDecision(Decision decision, List<Effect> out) {
    long slot = decision.slot();
    if (slot < nextToExecute) {
      return;
    }
    decidedAhead.putIfAbsent(slot, decision.command());
    knownCommitIndex = Math.max(knownCommitIndex, slot + 1);
    if (!acceptedHere.isEmpty()) {
      acceptedHere.remove(slot);
    }
    if (!chosenWithoutValue.isEmpty()) {
      chosenWithoutValue.remove(slot);
    }
    Command next;
    while ((next = decidedAhead.remove(nextToExecute)) != null) {
      execute(nextToExecute, next, out);
      history.add(next);
      nextToExecute++;
    }
  }

  private void execute(long slot, Command command, List<Effect> out) {
    if (command instanceof Command.OpenSession open) {
      executeOpening(slot, open, out);
      return;
    }
    if (command instanceof Command.CloseSession close) {
      executeClosing(slot, close, out);
      return;
    }
    if (!(command instanceof Command.Batch batch)) {
      out.add(new Effect.Execute(slot, Command.Noop.INSTANCE));
      return;
    }
    List<ChatLine> executedHere = new ArrayList<>(batch.lines().size());
    Set<Integer> clients = new LinkedHashSet<>();
    Set<Integer> outOfOrder = new LinkedHashSet<>();
    // A client's lines come in runs (it sends several to a message, and the leader keeps them
    // together), so its state is read once per run and written back at the run's end.
    ClientRun run = null;
    for (ChatLine line : batch.lines()) {
      if (run == null || run.clientId != line.clientId()) {
        if (run != null) {
          run.store(slot);
        }
        run = new ClientRun(line.clientId(), session(line.clientId()), lastExecutedSeq(line.clientId()));
      }
      if (line.session() != ChatLine.FROM_LOG && !run.session.admits(line.session())) {
        linesOfOtherSessions++; // superseded or closed: never acknowledged, and never to execute
        continue;
      }
      if (line.seq() <= run.executed + 1 && !run.acknowledged) {
        clients.add(line.clientId()); // executed now or before: worth an acknowledgement
        run.acknowledged = true;
      }
      if (line.seq() == run.executed + 1) {
        run.executed = line.seq();
        if (run.firstExecutedHere < 0) {
          run.firstExecutedHere = line.seq();
        }
        executedLines.add(new ChatEntry(slot, line));
        executedHere.add(line);
      } else if (line.seq() > run.executed + 1) {
        if (!run.outOfOrder) {
          outOfOrder.add(line.clientId());
          run.outOfOrder = true;
        }
        linesSkipped++;
      }
    }
    if (run != null) {
      run.store(slot);
    }
    out.add(new Effect.Execute(slot, executedHere.isEmpty() ? Command.Noop.INSTANCE : new Command.Batch(executedHere)));
    for (int client : clients) {
      if (servedClients.contains(client)) {
        out.add(reply(client));
      }
    }
    for (int client : outOfOrder) {
      out.add(new Effect.Send(Address.proposer(id), new LinesOutOfOrder(client, lastExecutedSeq(client), slot)));
    }
  }

  /**
   * A newer opening than the client's open session starts a new one, which the chat log records;
   * a copy of the open one, or a stale one, executes as nothing.
   */
  private void executeOpening(long slot, Command.OpenSession open, List<Effect> out) {
    int client = open.clientId();
    if (open.nonce() <= session(client).nonce()) {
      out.add(new Effect.Execute(slot, Command.Noop.INSTANCE));
      return;
    }
    sessions.put(client, new Session(slot, open.nonce()));
    out.add(new Effect.Execute(slot, open));
    if (servedClients.contains(client)) {
      out.add(sessionOpened(client));
    }
  }

  /** Closes the client's open session if that is the one named; any other closing closes nothing. */
  private void executeClosing(long slot, Command.CloseSession close, List<Effect> out) {
    int client = close.clientId();
    Session latest = session(client);
    if (!latest.admits(close.session())) {
      out.add(new Effect.Execute(slot, Command.Noop.INSTANCE));
      return;
    }
    sessions.put(client, latest.closedNow());
    out.add(new Effect.Execute(slot, close));
    if (servedClients.contains(client)) {
      out.add(sessionClosed(client, close.session()));
    }
  }

  private Effect sessionClosed(int clientId, long session) {
    return sessionClosed(clientId, session, lastExecutedSeq(clientId));
  }

  private static Effect sessionClosed(int clientId, long session, long lastSeq) {
    return new Effect.Send(Address.client(clientId), new ClientMessage.SessionClosed(clientId, session, lastSeq));
  }

  private Effect reply(int clientId) {
    long executed = lastExecutedSeq.getOrDefault(clientId, 0L);
    long[] lastSlot = lastSlotOf.getOrDefault(clientId, NO_SLOT);
    return new Effect.Send(Address.client(clientId),
        new ClientReply(clientId, session(clientId).id(), executed, lastSlot[0], lastSlot[1], view));
  }

  private static final long[] NO_SLOT = {-1, 0};

  /** One client's consecutive lines in a batch being executed: its state while the run lasts. */
  private final class ClientRun {
    final int clientId;
    final Session session;
    long executed;
    /** The first of its lines this run executed, or -1. */
    long firstExecutedHere = -1;
    boolean acknowledged;
    boolean outOfOrder;

    ClientRun(int clientId, Session session, long executed) {
      this.clientId = clientId;
      this.session = session;
      this.executed = executed;
    }

    /** Writes back what the run executed: the client's last seq, and its first line in {@code slot}. */
    void store(long slot) {
      if (firstExecutedHere < 0) {
        return;
      }
      lastExecutedSeq.put(clientId, executed);
      long[] lastSlot = lastSlotOf.computeIfAbsent(clientId, c -> new long[] {-1, 0});
      if (lastSlot[0] != slot) {
        lastSlot[0] = slot;
        lastSlot[1] = firstExecutedHere;
      }
    }
  }

  private Effect sessionOpened(int clientId) {
    Session open = session(clientId);
    return new Effect.Send(Address.client(clientId),
        new ClientMessage.SessionOpened(clientId, open.nonce(), open.id(), lastExecutedSeq(clientId), view));
  }

  private Session session(int clientId) {
    return sessions.getOrDefault(clientId, Session.NONE);
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
      executedLines.subList(0, firstExecutedLineAtOrAfter(newStart)).clear();
      historyStart = newStart;
    }
  }

  private void onCatchUpRequest(CatchUpRequest request, List<Effect> out) {
    if (request.fromSlot() < historyStart) {
      out.add(new Effect.SendFromLog(Address.learner(request.requesterId()), request.fromSlot(), nextToExecute));
      return;
    }
    ByteBoundedChunk<Decision> reply = new ByteBoundedChunk<>(settings.maxMessageBytes());
    for (long slot = request.fromSlot(); ; slot++) {
      Command command = slot < nextToExecute ? history.get((int) (slot - historyStart)) : decidedAhead.get(slot);
      if (command != null && !reply.offer(new Decision(slot, command), WireSize.of(command))) {
        break; // the requester asks again from where this reply ends
      } else if (command == null && slot >= nextToExecute && decidedAhead.ceilingKey(slot) == null) {
        break;
      }
    }
    if (!reply.isEmpty()) {
      out.add(new Effect.Send(Address.learner(request.requesterId()), new CatchUpReply(reply.items())));
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
   * Answers from the executed log, so every replica answers a slot alike: the lines that
   * executed from {@code fromSlot} on, up to the first slot not executed here yet or the end of
   * a chunk. A reader ahead of this replica learns nothing new ({@code nextSlot = fromSlot}).
   */
  private void onReadChat(ReadChat read, List<Effect> out) {
    long from = Math.max(0, read.fromSlot());
    List<ChatEntry> entries = new ArrayList<>();
    long next = from;
    int max = read.maxEntries();
    if (max > 0 && from < historyStart) {
      // Compacted, or executed before a restart: only the chat log has these slots now.
      out.add(new Effect.ChatFromLog(read, nextToExecute, lastExecutedSeq(read.clientId())));
      return;
    }
    if (max > 0 && from < nextToExecute) {
      int index = firstExecutedLineAtOrAfter(from);
      next = ChatChunk.fill(executedLines.subList(index, executedLines.size()), max,
          settings.maxMessageBytes(), nextToExecute, entries);
    }
    out.add(new Effect.Send(Address.client(read.clientId()),
        new ChatEntries(id, read.fromSlot(), next, lastExecutedSeq(read.clientId()), entries)));
  }

  /**
   * The answer to {@code request} from {@code executed}, the executed form of consecutive slots
   * from the request's slot on as the chat log holds them (no-ops included): its chat lines, as
   * many as one answer carries, and where the next answer starts.
   */
  public static ChatEntries chatFromLog(
      int replicaId, ProtocolSettings settings, Effect.ChatFromLog request, List<Command> executed) {
    ReadChat read = request.request();
    long from = Math.max(0, read.fromSlot());
    List<ChatEntry> lines = new ArrayList<>();
    for (int i = 0; i < executed.size(); i++) {
      for (ChatLine line : Command.linesOf(executed.get(i))) {
        lines.add(new ChatEntry(from + i, line));
      }
    }
    List<ChatEntry> entries = new ArrayList<>();
    long next = ChatChunk.fill(lines, read.maxEntries(), settings.maxMessageBytes(),
        from + executed.size(), entries);
    return new ChatEntries(replicaId, read.fromSlot(), next, request.clientLastSeq(), entries);
  }

  private int firstExecutedLineAtOrAfter(long slot) {
    int low = 0;
    int high = executedLines.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (executedLines.get(mid).slot() < slot) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
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
    // The shell flushed every executed slot before this tick; an fsync then covers them all.
    // One at a time and at most every chatLogSyncTicks: only compaction waits for it.
    if (!syncPending && nextToExecute > durableUpTo && now - syncAskedAt >= settings.chatLogSyncTicks()) {
      syncPending = true;
      syncAskedAt = now;
      out.add(new Effect.SyncChatLog(nextToExecute));
    }
    // Once a tick, not once a slot: the proposer only needs a recent value (a low one is safe).
    if (nextToExecute > progressReported || durableUpTo > durableReported) {
      progressReported = nextToExecute;
      durableReported = durableUpTo;
      out.add(new Effect.Send(Address.proposer(id), new LearnerProgress(nextToExecute, durableUpTo)));
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

  public ProtocolSettings settings() {
    return settings;
  }

  public long lastExecutedSeq(int clientId) {
    return lastExecutedSeq.getOrDefault(clientId, 0L);
  }

  public long view() {
    return view;
  }

  /** Lines skipped because they were decided ahead of their predecessor (after a view change). */
  public long linesSkipped() {
    return linesSkipped;
  }

  /** Lines that did not execute because a newer session of their client was open. */
  public long linesOfOtherSessions() {
    return linesOfOtherSessions;
  }

  /** The client's latest session here ({@link Session#NONE} if it never opened one). */
  public Session sessionOf(int clientId) {
    return session(clientId);
  }

  /** Every client's latest session, to carry across a restart. */
  public Map<Integer, Session> sessions() {
    return Map.copyOf(sessions);
  }

  /** The lowest slot still kept in memory for peers; older ones are served from the chat log. */
  public long historyStart() {
    return historyStart;
  }
}
