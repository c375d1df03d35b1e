package io.paxoschat.paxos;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.AcceptorMessage.Prune;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Command.RequestId;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.LeaderInfo;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.FollowerProgress;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.LearnerProgress;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Propose;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProposerMessage.SuspectLeader;
import io.paxoschat.paxos.ProposerMessage.Tick;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The proposer of one replica: a follower that watches its leader, a candidate running phase 1,
 * or the leader running phase 2 for many slots at once.
 *
 * <p>Views: the leader of view {@code v} is replica {@code v mod n}. A follower that hears no
 * heartbeat for a random election timeout, or whose learner is stuck on a slot nobody fills,
 * or that sees client retries go nowhere, votes for the next view. The leader of a view starts
 * phase 1 once a majority voted for it, so one confused follower cannot unseat a working leader.
 *
 * <p>Compaction: followers answer each heartbeat with how far their learner executed; the leader
 * announces the lowest executed slot of every replica it heard from lately (at least a majority)
 * as {@code compactBelow}, and each replica's acceptor and learner drop what lies below it. A
 * replica that is silent does not hold compaction back; when it returns, it catches up from its
 * peers' chat logs.
 */
public final class Proposer {

  public enum Mode { FOLLOWER, PREPARING, LEADING }

  /** Why this replica last voted for a new view, for the operator's log. */
  public enum Doubt { NONE, LEADER_SILENT, CANDIDATE_FAILED, LEARNER_STUCK, CLIENT_RETRIES }

  private final int id;
  private final int replicaCount;
  private final int majority;
  private final ProtocolSettings settings;
  private final Random random;

  private long now;
  private Mode mode = Mode.FOLLOWER;
  /** The view whose leader we follow, or which we lead or prepare. */
  private long view;
  /** The highest view we voted for; above {@link #view} while we wait for a new leader. */
  private long votedView;
  private long votedAt;
  private Doubt doubt = Doubt.NONE;
  private long lastVoteSent;
  /** Votes for views we would lead: voter to the tick its vote last arrived. */
  private final Map<Long, Map<Integer, Long>> votesByView = new HashMap<>();
  private long lastHeardFromLeader;
  private int electionTimeout;
  private long executedUpTo;

  /**
   * Client requests that reached us as a follower in this view. When a new leader takes over
   * they go to it at once, rather than waiting for each client's next retry.
   */
  private final LinkedHashMap<RequestId, ChatLine> seenAsFollower = new LinkedHashMap<>();

  /**
   * When we last handed each request to the leader, oldest first. A request that comes back
   * within a retransmit interval is not handed on again: two followers that each think the
   * other leads would otherwise pass it between them for ever (a client retries far slower).
   */
  private final LinkedHashMap<RequestId, Long> handedOnAt = new LinkedHashMap<>();

  /** Client-retry suspicion: a request came to us, a follower, while execution stood still. */
  private long retryWatchSince = -1;
  private long retryWatchExecutedUpTo;

  private Ballot ballot = Ballot.NONE;
  private long phase1FromSlot;
  private long lastPrepareSent;
  private final Set<Integer> promisedBy = new HashSet<>();
  private final NavigableMap<Long, PValue> recovered = new TreeMap<>();
  /** The highest slot below which some promiser pruned: phase 2 must start at or above it. */
  private long promisedPrunedBelow;

  /** Leader: how far each replica executed, and when we last heard it (-1: never). */
  private final long[] executedBy;
  private final long[] progressHeardAt;
  /** Every replica the leader heard from lately executed every slot below this one. */
  private long compactBelow;
  private long pruneSentToAcceptor;

  private long nextSlot;
  private final NavigableMap<Long, Proposal> inFlight = new TreeMap<>();
  /**
   * Requests in flight in this ballot. Once decided a request may be proposed again: if it was
   * decided ahead of its client's previous line it executes as a no-op, and only a new slot
   * lets it execute. Retries of executed requests are filtered by the leader's learner.
   */
  private final Map<RequestId, Long> slotOfRequest = new HashMap<>();
  private final LinkedHashMap<RequestId, ChatLine> waiting = new LinkedHashMap<>();
  /**
   * Slots this leader decided that its own learner has not executed yet. Their decisions are
   * sent again until it has: were a decision lost to every learner, no peer could serve it.
   */
  private final NavigableMap<Long, Proposal> decidedNotExecuted = new TreeMap<>();
  private long lastHeartbeatSent;

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

  public Proposer(int id, int replicaCount, ProtocolSettings settings, Random random) {
    this.id = id;
    this.replicaCount = replicaCount;
    this.majority = replicaCount / 2 + 1;
    this.settings = settings;
    this.random = random;
    this.electionTimeout = randomElectionTimeout();
    this.executedBy = new long[replicaCount];
    this.progressHeardAt = new long[replicaCount];
    Arrays.fill(progressHeardAt, -1);
  }

  /** The first effects of a fresh replica: the leader of view 0 runs phase 1 at once. */
  public List<Effect> start() {
    List<Effect> out = new ArrayList<>();
    if (leaderOf(0) == id) {
      startPhase1(0, out);
    }
    return out;
  }

  /**
   * The first effects of a replica that restarted from disk: it follows the view of the ballot
   * its acceptor promised, even if that view is its own. Leading a view again after a crash
   * could mean proposing in a ballot it used before; the next view change picks a leader afresh.
   * {@code executedUpTo} is what its learner recovered, so a later phase 1 starts from there.
   */
  public List<Effect> restart(Ballot promised, long executedUpTo) {
    mode = Mode.FOLLOWER;
    view = Math.max(0, promised.round());
    votedView = view;
    this.executedUpTo = executedUpTo;
    lastHeardFromLeader = now;
    return new ArrayList<>();
  }

  public List<Effect> handle(ProposerMessage message) {
    List<Effect> out = new ArrayList<>();
    if (message instanceof Propose propose) {
      onPropose(propose.line(), out);
    } else if (message instanceof Accepted accepted) {
      onAccepted(accepted, out);
    } else if (message instanceof Tick) {
      onTick(out);
    } else if (message instanceof Promise promise) {
      onPromise(promise, out);
    } else if (message instanceof Heartbeat heartbeat) {
      onHeartbeat(heartbeat, out);
    } else if (message instanceof Rejected rejected) {
      onRejected(rejected, out);
    } else if (message instanceof ViewChangeVote vote) {
      onVote(vote.view(), vote.voterId(), out);
    } else if (message instanceof LearnerProgress progress) {
      onLearnerProgress(progress);
    } else if (message instanceof SuspectLeader suspect) {
      onSuspectLeader(suspect, out);
    } else if (message instanceof FollowerProgress progress) {
      onFollowerProgress(progress);
    }
    return out;
  }

  // ---- requests ---------------------------------------------------------------------------

  private void onPropose(ChatLine line, List<Effect> out) {
    switch (mode) {
      case LEADING -> proposeRequest(line, out);
      case PREPARING -> waiting.putIfAbsent(line.requestId(), line);
      case FOLLOWER -> {
        int leader = leaderOf(view);
        if (leader != id && handOnOnce(line.requestId())) {
          // Through the leader's learner, which answers at once for a line it already executed.
          out.add(new Effect.Send(Address.learner(leader), new ClientRequest(line)));
        }
        if (seenAsFollower.size() < settings.maxInFlight()) {
          seenAsFollower.putIfAbsent(line.requestId(), line);
        }
        if (retryWatchSince < 0) {
          retryWatchSince = now;
          retryWatchExecutedUpTo = executedUpTo;
        }
      }
    }
  }

  private boolean handOnOnce(RequestId requestId) {
    handedOnAt.values().removeIf(at -> now - at >= settings.retransmitTicks());
    if (handedOnAt.containsKey(requestId)) {
      return false;
    }
    handedOnAt.put(requestId, now);
    return true;
  }

  private void proposeRequest(ChatLine line, List<Effect> out) {
    RequestId requestId = line.requestId();
    if (slotOfRequest.containsKey(requestId)) {
      return; // already in flight in this ballot; the retransmit timer takes care of it
    }
    if (inFlight.size() >= settings.maxInFlight()) {
      waiting.putIfAbsent(requestId, line);
      return;
    }
    slotOfRequest.put(requestId, nextSlot);
    propose(nextSlot++, line, out);
  }

  private void propose(long slot, Command command, List<Effect> out) {
    inFlight.put(slot, new Proposal(command, now));
    sendToAllAcceptors(new Accept(ballot, slot, command), out);
  }

  private void drainWaiting(List<Effect> out) {
    var entries = waiting.entrySet().iterator();
    while (entries.hasNext() && inFlight.size() < settings.maxInFlight()) {
      ChatLine line = entries.next().getValue();
      entries.remove();
      proposeRequest(line, out);
    }
  }

  // ---- phase 2 ----------------------------------------------------------------------------

  private void onAccepted(Accepted accepted, List<Effect> out) {
    if (mode != Mode.LEADING || !accepted.ballot().equals(ballot)) {
      return;
    }
    Proposal proposal = inFlight.get(accepted.slot());
    if (proposal == null) {
      return;
    }
    proposal.acceptedBy.add(accepted.acceptorId());
    if (proposal.acceptedBy.size() >= majority) {
      inFlight.remove(accepted.slot());
      if (proposal.command instanceof ChatLine line) {
        slotOfRequest.remove(line.requestId());
      }
      if (accepted.slot() >= executedUpTo) {
        proposal.sentAt = now;
        decidedNotExecuted.put(accepted.slot(), proposal);
      }
      sendDecision(accepted.slot(), proposal.command, out);
      drainWaiting(out);
    }
  }

  /** Every slot below this one is decided, as far as this leader knows. */
  public long commitIndex() {
    return inFlight.isEmpty() ? nextSlot : inFlight.firstKey();
  }

  // ---- phase 1 ----------------------------------------------------------------------------

  private void startPhase1(long newView, List<Effect> out) {
    mode = Mode.PREPARING;
    view = newView;
    votedView = Math.max(votedView, newView);
    ballot = Ballot.ofView(newView, replicaCount);
    phase1FromSlot = executedUpTo;
    promisedPrunedBelow = 0;
    promisedBy.clear();
    recovered.clear();
    inFlight.clear();
    slotOfRequest.clear();
    decidedNotExecuted.clear();
    seenAsFollower.forEach(waiting::putIfAbsent);
    seenAsFollower.clear();
    lastHeardFromLeader = now;
    sendPrepare(out);
  }

  private void sendPrepare(List<Effect> out) {
    lastPrepareSent = now;
    Prepare prepare = new Prepare(ballot, phase1FromSlot);
    for (int acceptor = 0; acceptor < replicaCount; acceptor++) {
      if (!promisedBy.contains(acceptor)) {
        out.add(new Effect.Send(Address.acceptor(acceptor), prepare));
      }
    }
  }

  private void onPromise(Promise promise, List<Effect> out) {
    if (mode != Mode.PREPARING || !promise.ballot().equals(ballot)) {
      return;
    }
    if (!promisedBy.add(promise.acceptorId())) {
      return; // a duplicate promise must not count twice towards the majority
    }
    promisedPrunedBelow = Math.max(promisedPrunedBelow, promise.prunedBelow());
    for (PValue value : promise.accepted()) {
      PValue known = recovered.get(value.slot());
      if (known == null || value.ballot().isAbove(known.ballot())) {
        recovered.put(value.slot(), value);
      }
    }
    if (promisedBy.size() >= majority) {
      becomeLeader(out);
    }
  }

  /**
   * Phase 1 is won: re-propose, in this ballot, the highest-ballot value any promiser accepted
   * for each slot from where we start, and a no-op for every hole between them. We start where
   * our learner stands, or higher if a promiser pruned above that: a pruned slot is decided, and
   * a no-op there would be proposed where the acceptors no longer remember what was chosen.
   * Our learner fetches those slots from its peers.
   */
  private void becomeLeader(List<Effect> out) {
    mode = Mode.LEADING;
    long start = Math.max(phase1FromSlot, promisedPrunedBelow);
    recovered.headMap(start, false).clear();
    nextSlot = start;
    long lastRecovered = recovered.isEmpty() ? start - 1 : recovered.lastKey();
    for (long slot = start; slot <= lastRecovered; slot++) {
      PValue value = recovered.get(slot);
      Command command = value == null ? Command.Noop.INSTANCE : value.command();
      if (command instanceof ChatLine line) {
        slotOfRequest.put(line.requestId(), slot);
      }
      propose(slot, command, out);
    }
    nextSlot = Math.max(nextSlot, lastRecovered + 1);
    recovered.clear();
    sendHeartbeats(out);
    drainWaiting(out);
  }

  // ---- views and failure detection --------------------------------------------------------

  private void onHeartbeat(Heartbeat heartbeat, List<Effect> out) {
    long leaderView = heartbeat.ballot().round();
    if (leaderView < view) {
      // A deposed leader. The acceptors refuse it only once it sends accepts; an idle one would
      // heartbeat on for ever and strand us at our view, so tell it a later view exists.
      Rejected later = new Rejected(Ballot.ofView(view, replicaCount), id);
      out.add(new Effect.Send(Address.proposer(heartbeat.ballot().leaderId()), later));
      return;
    }
    if (leaderView == view && mode != Mode.FOLLOWER) {
      return;
    }
    followView(leaderView, out);
    learnCompactBelow(heartbeat.compactBelow(), out);
    out.add(new Effect.Send(Address.learner(id),
        new LeaderInfo(leaderView, heartbeat.commitIndex(), compactBelow)));
    out.add(new Effect.Send(Address.proposer(leaderOf(leaderView)), new FollowerProgress(id, executedUpTo)));
  }

  // ---- compaction -------------------------------------------------------------------------

  private void onFollowerProgress(FollowerProgress progress) {
    int replica = progress.replicaId();
    if (replica < 0 || replica >= replicaCount) {
      return;
    }
    // The latest report, not the highest: a replica that restarted may have executed less than
    // it once said (its last lines were lost with the crash). compactBelow never goes back anyway.
    executedBy[replica] = progress.executedUpTo();
    progressHeardAt[replica] = now;
  }

  /**
   * The lowest executed slot among us and every replica heard from within an election timeout,
   * if they are a majority: a majority guarantees that a live replica still holds every pruned
   * slot in its chat log, for whoever lags.
   */
  private void advanceCompactBelow(List<Effect> out) {
    long lowest = executedUpTo;
    int counted = 1;
    for (int replica = 0; replica < replicaCount; replica++) {
      if (replica != id && progressHeardAt[replica] >= 0
          && now - progressHeardAt[replica] <= settings.electionTimeoutMaxTicks()) {
        lowest = Math.min(lowest, executedBy[replica]);
        counted++;
      }
    }
    if (counted >= majority) {
      learnCompactBelow(lowest, out);
    }
  }

  private void learnCompactBelow(long slot, List<Effect> out) {
    compactBelow = Math.max(compactBelow, slot);
    if (compactBelow > pruneSentToAcceptor) {
      pruneSentToAcceptor = compactBelow;
      out.add(new Effect.Send(Address.acceptor(id), new Prune(compactBelow)));
    }
  }

  private void onRejected(Rejected rejected, List<Effect> out) {
    if (mode != Mode.FOLLOWER && rejected.promised().isAbove(ballot)) {
      followView(rejected.promised().round(), out);
    }
  }

  /** Start following the leader of {@code newView}; hand queued requests to it. */
  private void followView(long newView, List<Effect> out) {
    boolean wasLeading = mode != Mode.FOLLOWER;
    int leader = leaderOf(newView);
    if (newView > view) {
      if (leader != id) {
        for (ChatLine line : seenAsFollower.values()) {
          out.add(new Effect.Send(Address.learner(leader), new ClientRequest(line)));
        }
      }
      seenAsFollower.clear();
    }
    mode = Mode.FOLLOWER;
    if (newView > view) {
      // A new leader answers our doubts about the old one: withdraw any vote for a later
      // view, or we would keep pushing for an election nobody else needs. Heartbeats of the
      // leader we already follow do not: a live but useless leader still heartbeats.
      votedView = newView;
    }
    view = newView;
    votedView = Math.max(votedView, newView);
    votesByView.keySet().removeIf(v -> v <= newView);
    lastHeardFromLeader = now;
    if (wasLeading) {
      inFlight.clear();
      slotOfRequest.clear();
      decidedNotExecuted.clear();
      if (leader != id) {
        for (ChatLine line : waiting.values()) {
          out.add(new Effect.Send(Address.learner(leader), new ClientRequest(line)));
        }
      }
      waiting.clear();
    }
  }

  private void onTick(List<Effect> out) {
    now++;
    switch (mode) {
      case LEADING -> {
        if (now - lastHeartbeatSent >= settings.heartbeatTicks()) {
          sendHeartbeats(out);
        }
        retransmitAccepts(out);
        retransmitDecisions(out);
      }
      case PREPARING -> {
        if (now - lastPrepareSent >= settings.retransmitTicks()) {
          sendPrepare(out);
        }
        if (now - lastHeardFromLeader >= electionTimeout) {
          giveUpOnView(out); // we could not gather a majority in time
        }
      }
      case FOLLOWER -> {
        if (now - lastHeardFromLeader >= electionTimeout) {
          giveUpOnView(out);
        } else if (votedView > view && now - votedAt >= voteLifetime()) {
          votedView = view; // nobody took our doubt up, and the leader still heartbeats
        } else if (votedView > view && now - lastVoteSent >= settings.retransmitTicks()) {
          sendVote(votedView, out);
        }
        checkRetryWatch(out);
      }
    }
  }

  private void checkRetryWatch(List<Effect> out) {
    if (retryWatchSince < 0) {
      return;
    }
    if (executedUpTo > retryWatchExecutedUpTo) {
      retryWatchSince = -1; // the log moves; the client will be served
    } else if (now - retryWatchSince >= 2L * settings.electionTimeoutMaxTicks()) {
      retryWatchSince = -1;
      doubt = Doubt.CLIENT_RETRIES;
      suspectLeader(out);
    }
  }

  private void giveUpOnView(List<Effect> out) {
    doubt = mode == Mode.FOLLOWER ? Doubt.LEADER_SILENT : Doubt.CANDIDATE_FAILED;
    if (mode != Mode.FOLLOWER) {
      mode = Mode.FOLLOWER;
      inFlight.clear();
      slotOfRequest.clear();
      decidedNotExecuted.clear();
    }
    vote(Math.max(votedView, view) + 1, out);
  }

  private void onSuspectLeader(SuspectLeader suspect, List<Effect> out) {
    if (mode == Mode.FOLLOWER && suspect.view() == view) {
      doubt = Doubt.LEARNER_STUCK;
      suspectLeader(out);
    }
  }

  /**
   * Evidence that the leader we follow does not do its job. We vote for the next view; if its
   * leader has not taken over after an election timeout (it may be down too), the next one.
   */
  private void suspectLeader(List<Effect> out) {
    if (votedView <= view) {
      vote(view + 1, out);
    } else if (now - votedAt >= settings.electionTimeoutMaxTicks()) {
      vote(votedView + 1, out);
    }
  }

  /** How long a vote stands while the leader it doubts still heartbeats. */
  private long voteLifetime() {
    return 3L * settings.electionTimeoutMaxTicks();
  }

  private void vote(long newView, List<Effect> out) {
    votedView = newView;
    votedAt = now;
    lastHeardFromLeader = now;
    electionTimeout = randomElectionTimeout();
    sendVote(newView, out);
  }

  private void sendVote(long votedFor, List<Effect> out) {
    lastVoteSent = now;
    int candidate = leaderOf(votedFor);
    if (candidate == id) {
      onVote(votedFor, id, out);
    } else {
      out.add(new Effect.Send(Address.proposer(candidate), new ViewChangeVote(votedFor, id)));
    }
  }

  private void onVote(long votedFor, int voterId, List<Effect> out) {
    if (votedFor <= view || leaderOf(votedFor) != id) {
      return;
    }
    Map<Integer, Long> voters = votesByView.computeIfAbsent(votedFor, v -> new HashMap<>());
    voters.put(voterId, now);
    // Voters repeat live votes; one that stopped long ago no longer doubts the leader.
    voters.values().removeIf(castAt -> now - castAt > voteLifetime());
    if (voters.size() >= majority) {
      votesByView.keySet().removeIf(v -> v <= votedFor);
      startPhase1(votedFor, out);
    } else if (voterId != id && mode == Mode.FOLLOWER && votedView > view && votedFor > votedView) {
      // We doubt our leader as well but have not climbed as far: join this view. Replicas that
      // began doubting at different times would otherwise each climb on their own, one view
      // per suspicion, and never meet on one view before their votes expire.
      vote(votedFor, out);
    }
  }

  private void onLearnerProgress(LearnerProgress progress) {
    executedUpTo = Math.max(executedUpTo, progress.executedUpTo());
    decidedNotExecuted.headMap(executedUpTo).clear();
  }

  // ---- sending ----------------------------------------------------------------------------

  private void sendHeartbeats(List<Effect> out) {
    lastHeartbeatSent = now;
    advanceCompactBelow(out);
    Heartbeat heartbeat = new Heartbeat(ballot, commitIndex(), compactBelow);
    for (int replica = 0; replica < replicaCount; replica++) {
      if (replica != id) {
        out.add(new Effect.Send(Address.proposer(replica), heartbeat));
      }
    }
    out.add(new Effect.Send(Address.learner(id), new LeaderInfo(view, commitIndex(), compactBelow)));
  }

  private void sendDecision(long slot, Command command, List<Effect> out) {
    Decision decision = new Decision(slot, command);
    for (int replica = 0; replica < replicaCount; replica++) {
      out.add(new Effect.Send(Address.learner(replica), decision));
    }
  }

  private void retransmitDecisions(List<Effect> out) {
    for (var entry : decidedNotExecuted.entrySet()) {
      Proposal decided = entry.getValue();
      if (now - decided.sentAt >= settings.retransmitTicks()) {
        decided.sentAt = now;
        sendDecision(entry.getKey(), decided.command, out);
      }
    }
  }

  private void retransmitAccepts(List<Effect> out) {
    for (var entry : inFlight.entrySet()) {
      Proposal proposal = entry.getValue();
      if (now - proposal.sentAt < settings.retransmitTicks()) {
        continue;
      }
      proposal.sentAt = now;
      Accept accept = new Accept(ballot, entry.getKey(), proposal.command);
      for (int acceptor = 0; acceptor < replicaCount; acceptor++) {
        if (!proposal.acceptedBy.contains(acceptor)) {
          out.add(new Effect.Send(Address.acceptor(acceptor), accept));
        }
      }
    }
  }

  private void sendToAllAcceptors(AcceptorMessage message, List<Effect> out) {
    for (int acceptor = 0; acceptor < replicaCount; acceptor++) {
      out.add(new Effect.Send(Address.acceptor(acceptor), message));
    }
  }

  private int leaderOf(long someView) {
    return Ballot.leaderOf(someView, replicaCount);
  }

  private int randomElectionTimeout() {
    int spread = settings.electionTimeoutMaxTicks() - settings.electionTimeoutMinTicks();
    return settings.electionTimeoutMinTicks() + random.nextInt(spread + 1);
  }

  // ---- observation ------------------------------------------------------------------------

  public Mode mode() {
    return mode;
  }

  /** The view this replica last voted for, and why; NONE before its first vote. */
  public long votedView() {
    return votedView;
  }

  public Doubt doubt() {
    return doubt;
  }

  public boolean isLeading() {
    return mode == Mode.LEADING;
  }

  public long view() {
    return view;
  }

  public Ballot ballot() {
    return ballot;
  }

  public int inFlightCount() {
    return inFlight.size();
  }

  public int waitingCount() {
    return waiting.size();
  }

  public long compactBelow() {
    return compactBelow;
  }
}
