package io.paxoschat.paxos;

import io.paxoschat.paxos.AcceptorMessage.LeaderProgress;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.LeaderInfo;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.FollowerProgress;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.LeaderAlive;
import io.paxoschat.paxos.ProposerMessage.LearnerProgress;
import io.paxoschat.paxos.ProposerMessage.LinesOutOfOrder;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Propose;
import io.paxoschat.paxos.ProposerMessage.ProposeSessionChange;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProposerMessage.SuspectLeader;
import io.paxoschat.paxos.ProposerMessage.Tick;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import io.paxoschat.paxos.ProposerMode.Following;
import io.paxoschat.paxos.ProposerMode.Leading;
import io.paxoschat.paxos.ProposerMode.Preparing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The proposer of one replica: a follower that watches its leader, a candidate running phase 1
 * ({@link Phase1}), or the leader running phase 2 for many batches at once ({@link
 * Phase2Window}). Each mode keeps its state in its own {@link ProposerMode}; what lives here is
 * what every mode needs: the view, the election, and compaction.
 *
 * <p>Views: the leader of view {@code v} is replica {@code v mod n}. A follower that hears no
 * heartbeat for a random election timeout, or whose learner is stuck on a slot nobody fills,
 * or that sees client retries go nowhere, votes for the next view. The leader of a view starts
 * phase 1 only once a majority voted for it, so a replica that alone lost the leader (a pre-vote
 * in effect) cannot unseat a working one.
 *
 * <p>Compaction: followers answer each heartbeat with how far their chat log holds executed slots
 * durably; the leader announces the lowest such slot of every replica it heard from lately (at
 * least a majority) as {@code compactBelow}, and each replica's acceptor and learner drop what
 * lies below it.
 */
public final class Proposer {

  public enum Mode { FOLLOWER, PREPARING, LEADING }

  /** Why this replica last voted for a new view, for the operator's log. */
  public enum Doubt { NONE, LEADER_SILENT, CANDIDATE_FAILED, LEARNER_STUCK, CLIENT_RETRIES, CANDIDATE_LAGS, LEADER_RESIGNED }

  /**
   * How many leader windows of slots a candidate's learner may lag behind before it steps aside.
   * Across processes a learner catches up about a thousand slots a second and the next candidate
   * is an election timeout (1-2 s) away, so a smaller lag is quicker to catch up than to hand on:
   * with the processes' windows of 8 slots this is 1,024 slots.
   */
  private static final int STEP_ASIDE_WINDOWS = 128;

  private final int id;
  private final int replicaCount;
  private final int majority;
  private final ProtocolSettings settings;
  private final Random random;
  private final CompactionTracker compaction;
  private final FloorCollector floor;

  private long now;
  private ProposerMode mode = new Following();
  /** The view whose leader we follow, or which we lead or prepare. */
  private long view;
  /** The highest view we voted for; above {@link #view} while we wait for a new leader. */
  private long votedView;
  private long votedAt;
  private Doubt doubt = Doubt.NONE;
  private long lastVoteSent;
  /**
   * We restarted as the leader of the view we follow and voted for the next one: our vote goes
   * to every peer, not only to the candidate, so that our followers need not wait out an
   * election timeout to learn that we will not lead again. Until the view changes.
   */
  private boolean resigned;
  /** Votes for views we would lead: voter to the tick its vote last arrived. */
  private final Map<Long, Map<Integer, Long>> votesByView = new HashMap<>();
  private long lastHeardFromLeader;
  /** The last heartbeat of the leader we follow, and when it came: what we tell a voter that cannot hear it. */
  private Heartbeat lastHeartbeat;
  private long lastHeartbeatAt;
  /** When we last declined a view we were voted to lead (see {@link #shouldStepAside}), and the highest such view. */
  private long steppedAsideAt = Long.MIN_VALUE / 2;
  private long steppedAsideFrom = -1;
  private int electionTimeout;
  /** Our learner executed every slot below this: what phase 1 and the leader's window go by. */
  private long executedUpTo;
  /** Our chat log holds every slot below this durably: all that compaction may count on. */
  private long durableUpTo;
  /** The ballot of the last view we prepared or led; NONE before. */
  private Ballot ballot = Ballot.NONE;
  private long lastHeartbeatSent;
  /** The fault of a primary that skips a slot (--skip): the slot it leaves empty as leader of view 0, or -1. */
  private long slotLeftEmptyInView0 = -1;

  public Proposer(int id, int replicaCount, ProtocolSettings settings, Random random) {
    this.id = id;
    this.replicaCount = replicaCount;
    this.majority = replicaCount / 2 + 1;
    this.settings = settings;
    this.random = random;
    this.electionTimeout = randomElectionTimeout();
    this.compaction = new CompactionTracker(id, replicaCount);
    this.floor = new FloorCollector(id, replicaCount, random);
  }

  /**
   * Makes this proposer a faulty primary: as leader of view 0 it never proposes in {@code slot}
   * and goes on above it. Followers then see later slots decided and a hole at {@code slot} that
   * the leader's commit index never passes; they change view, and the new leader fills the hole
   * with a no-op. A fault for demonstrations and tests (--skip), never set in normal operation.
   */
  public void leaveSlotEmptyInView0(long slot) {
    slotLeftEmptyInView0 = slot;
  }

  /** The first effects of a fresh replica: the leader of view 0 runs phase 1 at once. */
  public List<Effect> start() {
    Effects out = new Effects();
    if (leaderOf(0) == id) {
      startPhase1(0, new ArrayList<>(), out);
    }
    return out.list();
  }

  /**
   * The first effects of a replica that restarted from disk: it follows the view of the ballot
   * its acceptor promised, even if that view is its own. Leading a view again after a crash
   * could mean proposing in a ballot it used before; the next view change picks a leader afresh.
   * If the view is its own, it resigns at once: it votes for the next view and tells every peer
   * (see {@link #resigned}). {@code executedUpTo} is what its learner recovered, so a later phase
   * 1 starts from there.
   */
  public List<Effect> restart(Ballot promised, long executedUpTo) {
    mode = new Following();
    view = Math.max(0, promised.round());
    votedView = view;
    this.executedUpTo = executedUpTo;
    this.durableUpTo = executedUpTo;
    lastHeardFromLeader = now;
    Effects out = new Effects();
    if (leaderOf(view) == id && replicaCount > 1) {
      resigned = true;
      doubt = Doubt.LEADER_RESIGNED;
      vote(view + 1, out);
    }
    return out.list();
  }

  public List<Effect> handle(ProposerMessage message) {
    Effects out = new Effects();
    if (message instanceof Propose propose) {
      onPropose(propose, out);
    } else if (message instanceof ProposeSessionChange change) {
      onProposeSessionChange(change, out);
    } else if (message instanceof Accepted accepted) {
      if (mode instanceof Leading leading) {
        leading.window().onAccepted(accepted, executedUpTo, now, out);
      }
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
    } else if (message instanceof LeaderAlive alive) {
      onLeaderAlive(alive, out);
    } else if (message instanceof LearnerProgress progress) {
      onLearnerProgress(progress, out);
    } else if (message instanceof SuspectLeader suspect) {
      onSuspectLeader(suspect, out);
    } else if (message instanceof FollowerProgress progress) {
      compaction.onProgress(progress.replicaId(), progress.durableUpTo(), now);
    } else if (message instanceof ProposerMessage.FloorNeeded) {
      floor.ask(out);
    } else if (message instanceof ProposerMessage.FloorAnswer answer) {
      floor.onAnswer(answer, out);
    } else if (message instanceof LinesOutOfOrder skipped) {
      if (mode instanceof Leading leading) {
        leading.window().rewind(skipped.clientId(), skipped.executedSeq(), skipped.slot());
      }
    } else {
      throw new IllegalArgumentException("proposer cannot handle " + message);
    }
    return out.list();
  }

  // ---- requests ---------------------------------------------------------------------------

  private void onPropose(Propose propose, Effects out) {
    if (mode instanceof Leading leading) {
      leading.window().offer(propose.clientId(), propose.lines(), propose.executedSeq(), executedUpTo, now, out);
    } else if (mode instanceof Preparing preparing) {
      if (preparing.waiting().size() < settings.maxInFlight() * 4) {
        preparing.waiting().add(propose);
      }
    } else if (mode instanceof Following following) {
      handOn(following, propose, out);
    }
  }

  /** Through the leader's learner, which answers at once for lines it already executed. */
  private void handOn(Following following, Propose propose, Effects out) {
    int leader = leaderOf(view);
    following.handedOnAt.values().removeIf(at -> now - at >= settings.retransmitTicks());
    List<ChatLine> fresh = new ArrayList<>(propose.lines().size());
    for (ChatLine line : propose.lines()) {
      if (following.handedOnAt.putIfAbsent(line.requestId(), now) == null) {
        fresh.add(line);
      }
    }
    if (leader != id && !fresh.isEmpty()) {
      out.send(Address.learner(leader), new ClientRequest(propose.clientId(), fresh));
    }
    if (following.seenLines < settings.clientWindow() * 4L) {
      following.seen.add(new Following.Seen(propose, now));
      following.seenLines += propose.lines().size();
    }
    watchForRetries(following);
  }

  private void watchForRetries(Following following) {
    if (following.retryWatchSince < 0) {
      following.retryWatchSince = now;
      following.retryWatchExecutedUpTo = executedUpTo;
    }
  }

  /**
   * A leader proposes the opening or closing; a follower hands a client's request on to the
   * leader once (not one a peer handed on: see {@link LearnerMessage.SessionRequest}); while
   * phase 1 runs it is dropped, and the client asks again.
   */
  private void onProposeSessionChange(ProposeSessionChange request, Effects out) {
    if (mode instanceof Leading leading) {
      leading.window().changeSession(request.change(), now, out);
    } else if (mode instanceof Following following) {
      int leader = leaderOf(view);
      if (leader != id && !request.handedOn()) {
        out.send(Address.learner(leader), new LearnerMessage.SessionRequest(request.change(), true));
      }
      watchForRetries(following);
    }
  }

  /**
   * The requests that reached this follower within the last election timeout: those may be
   * waiting on the failover. Older ones were served or will be resent by their clients.
   */
  private List<Propose> recentlySeen(Following following) {
    List<Propose> recent = new ArrayList<>();
    for (Following.Seen seen : following.seen) {
      if (now - seen.at() <= settings.electionTimeoutMaxTicks()) {
        recent.add(seen.propose());
      }
    }
    return recent;
  }

  /** Every slot below this one is decided, as far as this leader knows. */
  public long commitIndex() {
    return mode instanceof Leading leading ? leading.window().commitIndex() : 0;
  }

  // ---- phase 1 ----------------------------------------------------------------------------

  private void startPhase1(long newView, List<Propose> waiting, Effects out) {
    view = newView;
    votedView = Math.max(votedView, newView);
    resigned = false;
    ballot = Ballot.ofView(newView, replicaCount);
    if (mode instanceof Following following) {
      waiting.addAll(recentlySeen(following));
    }
    Phase1 phase1 = new Phase1(ballot, replicaCount, executedUpTo);
    mode = new Preparing(phase1, waiting);
    lastHeardFromLeader = now;
    phase1.sendPrepares(now, out);
  }

  private void onPromise(Promise promise, Effects out) {
    if (!(mode instanceof Preparing preparing)) {
      return;
    }
    if (preparing.phase1().onPromise(promise, out)) {
      becomeLeader(preparing, out);
    } else if (preparing.phase1().movedOn()) {
      // A promise too large for one message comes a chunk per round trip: while chunks keep
      // coming, phase 1 is moving, and the election timeout counts from the latest one.
      lastHeardFromLeader = now;
    }
  }

  private void becomeLeader(Preparing preparing, Effects out) {
    Phase1 phase1 = preparing.phase1();
    Phase2Window window = new Phase2Window(ballot, replicaCount, settings, phase1.startSlot(),
        phase1.recovered(), now, out);
    if (ballot.round() == 0 && slotLeftEmptyInView0 >= 0) {
      window.leaveEmpty(slotLeftEmptyInView0);
    }
    mode = new Leading(window);
    sendHeartbeats(out);
    for (Propose waiting : preparing.waiting()) {
      window.offer(waiting.clientId(), waiting.lines(), waiting.executedSeq(), executedUpTo, now, out);
    }
  }

  // ---- views and failure detection --------------------------------------------------------

  private void onHeartbeat(Heartbeat heartbeat, Effects out) {
    long leaderView = heartbeat.ballot().round();
    if (leaderView < view) {
      // A deposed leader. The acceptors refuse it only once it sends accepts; an idle one would
      // heartbeat on for ever and strand us at our view, so tell it a later view exists.
      Rejected later = new Rejected(Ballot.ofView(view, replicaCount), id);
      out.send(Address.proposer(heartbeat.ballot().leaderId()), later);
      return;
    }
    if (leaderView == view && !(mode instanceof Following)) {
      return;
    }
    followView(leaderView, out);
    lastHeartbeat = heartbeat;
    lastHeartbeatAt = now;
    compaction.learn(heartbeat.compactBelow(), out);
    out.send(Address.acceptor(id),
        new LeaderProgress(heartbeat.ballot(), heartbeat.nextSlot(), heartbeat.commitIndex(), durableUpTo));
    out.send(Address.learner(id), new LeaderInfo(leaderView, heartbeat.commitIndex(), compaction.compactBelow()));
    out.send(Address.proposer(leaderOf(leaderView)), new FollowerProgress(id, durableUpTo));
  }

  private void onRejected(Rejected rejected, Effects out) {
    if (!(mode instanceof Following) && rejected.promised().isAbove(ballot)) {
      followView(rejected.promised().round(), out);
    }
  }

  /** Start following the leader of {@code newView}; hand the requests we hold to it. */
  private void followView(long newView, Effects out) {
    int leader = leaderOf(newView);
    if (newView > view || !(mode instanceof Following)) {
      // A leader's released lines are not handed on: the clients resend what is unacknowledged.
      List<Propose> held = List.of();
      if (mode instanceof Following following && newView > view) {
        held = recentlySeen(following);
      } else if (mode instanceof Preparing preparing) {
        held = preparing.waiting();
      }
      if (leader != id) {
        for (Propose propose : held) {
          out.send(Address.learner(leader), new ClientRequest(propose.clientId(), propose.lines()));
        }
      }
      mode = new Following();
    }
    if (newView > view) {
      // A new leader answers our doubts about the old one: withdraw any vote for a later
      // view, or we would keep pushing for an election nobody else needs. Heartbeats of the
      // leader we already follow do not: a live but useless leader still heartbeats.
      votedView = newView;
    }
    view = newView;
    votedView = Math.max(votedView, newView);
    votesByView.keySet().removeIf(v -> v <= newView);
    resigned = false;
    lastHeardFromLeader = now;
  }

  private void onTick(Effects out) {
    now++;
    if (mode instanceof Leading leading) {
      if (now - lastHeartbeatSent >= settings.heartbeatTicks()) {
        sendHeartbeats(out);
      }
      leading.window().retransmit(now, out);
    } else if (mode instanceof Preparing preparing) {
      if (now - preparing.phase1().lastPrepareSent() >= settings.retransmitTicks()) {
        preparing.phase1().sendPrepares(now, out);
      }
      if (now - lastHeardFromLeader >= electionTimeout) {
        giveUpOnView(out); // we could not gather a majority in time
      }
    } else if (mode instanceof Following following) {
      if (now - lastHeardFromLeader >= electionTimeout) {
        giveUpOnView(out);
      } else if (votedView > view && now - votedAt >= voteLifetime()) {
        votedView = view; // nobody took our doubt up, and the leader still heartbeats
      } else if (votedView > view && now - lastVoteSent >= settings.retransmitTicks()) {
        sendVote(votedView, out);
      }
      checkRetryWatch(following, out);
    }
  }

  private void checkRetryWatch(Following following, Effects out) {
    if (following.retryWatchSince < 0) {
      return;
    }
    if (executedUpTo > following.retryWatchExecutedUpTo) {
      following.retryWatchSince = -1; // the log moves; the client will be served
    } else if (now - following.retryWatchSince >= 2L * settings.electionTimeoutMaxTicks()) {
      // Keep watching: while execution stands still the doubt stands, and it climbs past a
      // candidate that never takes over. Clients retry one replica at a time, so the next
      // retry that would start a new watch may be far off.
      following.retryWatchSince = now;
      doubt = Doubt.CLIENT_RETRIES;
      suspectLeader(out);
    }
  }

  private void giveUpOnView(Effects out) {
    doubt = mode instanceof Following ? Doubt.LEADER_SILENT : Doubt.CANDIDATE_FAILED;
    if (!(mode instanceof Following)) {
      mode = new Following();
    }
    vote(Math.max(votedView, view) + 1, out);
  }

  private void onSuspectLeader(SuspectLeader suspect, Effects out) {
    if (mode instanceof Following && suspect.view() == view) {
      doubt = Doubt.LEARNER_STUCK;
      suspectLeader(out);
    }
  }

  /**
   * Evidence that the leader we follow does not do its job. We vote for the next view; if its
   * leader has not taken over after an election timeout (it may be down too), the next one.
   */
  private void suspectLeader(Effects out) {
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

  private void vote(long newView, Effects out) {
    votedView = newView;
    votedAt = now;
    lastHeardFromLeader = now;
    electionTimeout = randomElectionTimeout();
    sendVote(newView, out);
  }

  private void sendVote(long votedFor, Effects out) {
    lastVoteSent = now;
    int candidate = leaderOf(votedFor);
    if (candidate == id) {
      onVote(votedFor, id, out);
    } else if (resigned) {
      for (int replica = 0; replica < replicaCount; replica++) {
        if (replica != id) {
          out.send(Address.proposer(replica), new ViewChangeVote(votedFor, id));
        }
      }
    } else {
      out.send(Address.proposer(candidate), new ViewChangeVote(votedFor, id));
    }
  }

  private void onVote(long votedFor, int voterId, Effects out) {
    if (mode instanceof Following && voterId != id && voterId == leaderOf(view)
        && votedFor > Math.max(view, votedView)) {
      // The leader of our view gave it up (it restarted, and may not lead that view again):
      // waiting out an election timeout would tell us nothing more.
      doubt = Doubt.LEADER_RESIGNED;
      vote(votedFor, out);
    }
    if (votedFor <= view || votedFor <= steppedAsideFrom || leaderOf(votedFor) != id) {
      return;
    }
    Map<Integer, Long> voters = votesByView.computeIfAbsent(votedFor, v -> new HashMap<>());
    voters.put(voterId, now);
    // Voters repeat live votes; one that stopped long ago no longer doubts the leader.
    voters.values().removeIf(castAt -> now - castAt > voteLifetime());
    if (voters.size() >= majority) {
      votesByView.keySet().removeIf(v -> v <= votedFor);
      if (shouldStepAside()) {
        stepAside(votedFor, out);
      } else {
        startPhase1(votedFor, new ArrayList<>(), out);
      }
    } else if (voterId != id && mode instanceof Following && votedView > view && votedFor > votedView) {
      // We doubt our leader as well but have not climbed as far: join this view. Replicas that
      // began doubting at different times would otherwise each climb on their own, one view
      // per suspicion, and never meet on one view before their votes expire.
      vote(votedFor, out);
    } else if (voterId != id && mode instanceof Following && votedView == view) {
      tellLeaderAlive(voterId, out);
    }
  }

  /**
   * Whether to let the next view's leader take over instead of us: our learner lags far behind
   * the commit index the last leader announced (a replica that just came back, say). A leader
   * proposes nothing new until its learner has executed every slot below where its phase 1
   * starts, so with us the cluster would stand still while we catch up; the next candidate is
   * one election timeout away. Once per two election timeouts at most, so that replicas that
   * all lag still elect one of them.
   */
  private boolean shouldStepAside() {
    return lastHeartbeat != null
        && lastHeartbeat.commitIndex() - executedUpTo > STEP_ASIDE_WINDOWS * settings.maxInFlight()
        && now - steppedAsideAt >= 2L * settings.electionTimeoutMaxTicks();
  }

  private void stepAside(long declined, Effects out) {
    steppedAsideAt = now;
    steppedAsideFrom = declined;
    doubt = Doubt.CANDIDATE_LAGS;
    vote(declined + 1, out);
  }

  /**
   * A voter whose leader we hear well: its link from the leader may be what failed (across
   * processes, a transport that stopped delivering one way), and then nobody would ever join its
   * vote, and it would never learn another decided slot. Tell it the leader lives and how far the
   * log goes; it stops climbing through views and catches up from its peers.
   */
  private void tellLeaderAlive(int voterId, Effects out) {
    if (lastHeartbeat != null && lastHeartbeat.ballot().round() == view
        && now - lastHeartbeatAt < settings.electionTimeoutMinTicks()) {
      out.send(Address.proposer(voterId), new LeaderAlive(lastHeartbeat.ballot(), lastHeartbeat.commitIndex(),
          lastHeartbeat.compactBelow(), id));
    }
  }

  /** What a heartbeat tells, through a replica that heard it: see {@link #tellLeaderAlive}. */
  private void onLeaderAlive(LeaderAlive alive, Effects out) {
    long leaderView = alive.ballot().round();
    if (!(mode instanceof Following) || leaderView < view || alive.ballot().leaderId() == id) {
      return;
    }
    followView(leaderView, out);
    compaction.learn(alive.compactBelow(), out);
    out.send(Address.learner(id), new LeaderInfo(leaderView, alive.commitIndex(), compaction.compactBelow()));
    out.send(Address.proposer(leaderOf(leaderView)), new FollowerProgress(id, durableUpTo));
  }

  private void onLearnerProgress(LearnerProgress progress, Effects out) {
    executedUpTo = Math.max(executedUpTo, progress.executedUpTo());
    durableUpTo = Math.max(durableUpTo, progress.durableUpTo());
    if (mode instanceof Leading leading) {
      leading.window().onExecuted(executedUpTo, out);
    }
  }

  // ---- sending ----------------------------------------------------------------------------

  private void sendHeartbeats(Effects out) {
    lastHeartbeatSent = now;
    compaction.advance(durableUpTo, now, settings.electionTimeoutMaxTicks(), out);
    long commitIndex = commitIndex();
    long nextSlot = mode instanceof Leading leading ? leading.window().nextSlot() : commitIndex;
    Heartbeat heartbeat = new Heartbeat(ballot, commitIndex, compaction.compactBelow(), nextSlot);
    for (int replica = 0; replica < replicaCount; replica++) {
      if (replica != id) {
        out.send(Address.proposer(replica), heartbeat);
      }
    }
    out.send(Address.acceptor(id), new LeaderProgress(ballot, nextSlot, commitIndex, durableUpTo));
    out.send(Address.learner(id), new LeaderInfo(view, commitIndex, compaction.compactBelow()));
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
    return mode.kind();
  }

  /** The highest view this replica voted for; its view while it doubts nothing. */
  public long votedView() {
    return votedView;
  }

  /** Why this replica last voted for a new view. */
  public Doubt doubt() {
    return doubt;
  }

  public boolean isLeading() {
    return mode instanceof Leading;
  }

  public long view() {
    return view;
  }

  public Ballot ballot() {
    return ballot;
  }

  public int inFlightCount() {
    return mode instanceof Leading leading ? leading.window().inFlightCount() : 0;
  }

  public int waitingCount() {
    if (mode instanceof Leading leading) {
      return leading.window().waitingCount();
    }
    return mode instanceof Preparing preparing ? preparing.waiting().size() : 0;
  }

  public long compactBelow() {
    return compaction.compactBelow();
  }
}
