package io.paxoschat.chaos;

import io.paxoschat.events.EventClock;
import io.paxoschat.events.EventRecorder;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorRecord;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Client;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.ExecutedPrefix;
import io.paxoschat.paxos.ByteBoundedChunk;
import io.paxoschat.paxos.Learner;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.Message;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.WireSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The one deterministic driver of the pure core: a whole cluster (replicas and clients) on one
 * thread in virtual time, driven by a seeded event queue. Chaos seeds, the scripted scenario
 * tests and the planted-bug tests all run on it. It delivers messages after random delays, fires
 * every role's timer each tick, carries out the roles' effects and hands every executed slot to
 * the {@link InvariantChecker}; {@link #stepped} hands the network and the timers to a script.
 *
 * <p>Messages between the roles of one replica are local: never lost, delivered at the same
 * virtual instant but through the queue, so they interleave with other events of that instant
 * as they would in an actor's mailbox (and die with it if the replica crashes first).
 * Everything between replicas, and between clients and replicas, goes
 * through the {@link Network}, which may lose, duplicate, delay or cut it. Nothing here reads a
 * clock or an unseeded random source, so a setup gives the same run bit for bit.
 */
final class ChaosSimulation {

  private static final int TRACE_KEPT = 200;
  /**
   * More events pending than this is a message storm: traffic that feeds itself instead of
   * dying out. A healthy run of a few clients keeps a few thousand at most.
   */
  static final int STORM_PENDING_EVENTS = 200_000;
  static final int TRACE_REPORTED = 40;

  private final SimulationSetup setup;
  private final EventQueue queue = new EventQueue();
  private final FaultCounter faults = new FaultCounter();
  private final Trace trace = new Trace(Integer.getInteger("paxoschat.trace", TRACE_KEPT));
  private final SplittableRandom timers;
  private final SplittableRandom roleSeeds;
  private final SplittableRandom nemesisRandom;
  /** Decides how much of its unreported chat log tail a crashing replica loses. */
  private final SplittableRandom diskRandom;
  /** Decides which crashes also lose the disk (a stream of its own; see {@link Nemesis}). */
  private final SplittableRandom wipeRandom;
  private final SplittableRandom clientRandom;
  /** Per replica: its disk is lost and will come back empty at its restart. */
  private final boolean[] diskLost;
  /** Per replica: back from a lost disk and not voting yet; counts as down for the nemesis. */
  private final boolean[] rejoining;
  /** Per replica: the acceptor records it persisted, its disk. */
  private final List<List<AcceptorRecord>> persisted = new ArrayList<>();
  /** Per replica: its chat log holds the slots below this durably (the last fsync its learner asked for). */
  private final long[] chatLogDurable;
  /** Per replica: the slots of its chat log that survived its last crash. */
  private final long[] keptAtCrash;
  private final Network network;
  private final SimReplica[] replicas;
  private final Client[] clients;
  private final boolean[] clientStarted;
  private final long[] acknowledged;
  private final InvariantChecker checker;
  private final long[] lastHeartbeatAt;
  private final Ballot[] heartbeatBallot;
  /** Records what happens for a report, in virtual time; never feeds back into the run. */
  private final EventRecorder events;

  private long now;
  /** Per client id, its earlier run once it started again (paused, until perhaps woken); else null. */
  private final Client[] earlierRuns;
  private final boolean[] wokenUp;
  /** Decides which runs' restarted client first closes its session with lines in flight. */
  private final SplittableRandom quitRandom;
  private final List<Effect.Acknowledged> acknowledgedLines = new ArrayList<>();
  private boolean started;
  private int timerJitterMillis;
  private long faultsEndedAt = -1;
  /** Per decided slot: how many lines its batch held, to count the copies that did not execute. */
  private final java.util.Map<Long, Integer> decidedLines = new java.util.HashMap<>();
  /** The first slot no leader had proposed in when faults stopped, and the leaders heard from since. */
  private long slotsAtFaultEnd = -1;
  private long highestSlotProposed = -1;
  private final Set<Ballot> leadersAfterFaults = new java.util.HashSet<>();
  private long settledAt = -1;
  private Violation violation;
  /**
   * Stepped: nothing happens by itself. Network messages wait in {@link #held} until a script
   * delivers or drops them, and timers fire only when the script ticks them.
   */
  private final boolean stepped;
  private final List<SimEvent.Delivery> held = new ArrayList<>();

  ChaosSimulation(SimulationSetup setup) {
    this(setup, clock -> EventRecorder.OFF);
  }

  /** A simulation whose events go to the recorder {@code recorders} makes for its virtual clock. */
  ChaosSimulation(SimulationSetup setup, Function<EventClock, EventRecorder> recorders) {
    this(setup, recorders, false);
  }

  /**
   * A simulation that a script drives step by step: network messages are held until {@link
   * #deliverHeld} or {@link #dropHeld}, timers fire on {@link #tickReplica} and {@link
   * #tickClient}. Messages between the roles of one replica are still delivered at once.
   */
  static ChaosSimulation stepped(SimulationSetup setup, Function<EventClock, EventRecorder> recorders) {
    return new ChaosSimulation(setup, recorders, true);
  }

  private ChaosSimulation(SimulationSetup setup, Function<EventClock, EventRecorder> recorders, boolean stepped) {
    this.stepped = stepped;
    this.setup = setup;
    this.events = recorders.apply(EventClock.virtualMillis(() -> now));
    SplittableRandom root = new SplittableRandom(MessageHash.mix(setup.seed(), 0x5EED));
    this.network = new Network(setup.replicaCount(), queue, root.split(), faults, events);
    this.timers = root.split();
    this.roleSeeds = root.split();
    this.nemesisRandom = root.split();
    this.diskRandom = root.split();
    this.wipeRandom = root.split();
    this.clientRandom = root.split();
    this.quitRandom = root.split();
    int n = setup.replicaCount();
    this.chatLogDurable = new long[n];
    this.keptAtCrash = new long[n];
    this.diskLost = new boolean[n];
    this.rejoining = new boolean[n];
    for (int id = 0; id < n; id++) {
      persisted.add(new ArrayList<>());
    }
    this.replicas = new SimReplica[n];
    for (int id = 0; id < n; id++) {
      replicas[id] = new SimReplica(id, setup.roles().acceptor(id), newProposer(id), newLearner(id));
    }
    int clientCount = setup.clients().size();
    this.clients = new Client[clientCount];
    this.clientStarted = new boolean[clientCount];
    this.acknowledged = new long[clientCount];
    this.earlierRuns = new Client[clientCount];
    this.wokenUp = new boolean[clientCount];
    List<List<String>> submitted = new ArrayList<>();
    for (ClientSpec spec : setup.clients()) {
      clients[spec.id()] = new Client(spec.id(), n, setup.settings(), spec.lines());
      submitted.add(spec.lines());
    }
    this.checker = new InvariantChecker(n, submitted);
    this.lastHeartbeatAt = new long[n];
    this.heartbeatBallot = new Ballot[n];
    java.util.Arrays.fill(lastHeartbeatAt, Long.MIN_VALUE / 2);
    java.util.Arrays.fill(heartbeatBallot, Ballot.NONE);
    FaultPhase plan = setup.faults();
    if (plan.faultMillis() > 0) {
      network.setConditions(plan.loss(), plan.duplicate(), plan.maxDelayMillis(), plan.lateRate(), plan.lateMillis());
      timerJitterMillis = plan.timerJitterMillis();
    } else {
      network.setConditions(0, 0, plan.maxDelayMillis(), 0, 0);
      faultsEndedAt = 0;
    }
  }

  private ProtocolRole newProposer(int id) {
    return setup.roles().proposer(id, setup.replicaCount(), setup.settings(), new Random(roleSeeds.nextLong()),
        setup.faults().skipSlot());
  }

  private ProtocolRole newLearner(int id) {
    return setup.roles().learner(id, setup.replicaCount(), setup.settings());
  }

  // ---- running ----------------------------------------------------------------------------

  /**
   * One chaos run: the fault plan's faults for its fault phase (with a {@link Nemesis} crashing
   * and partitioning), then a clean network, then the run must settle within the liveness bound.
   */
  RunResult runChaos() {
    FaultPhase plan = setup.faults();
    armChaos();
    long deadline = plan.faultMillis() + setup.livenessBoundMillis();
    boolean settled = runUntil(() -> faultsEndedAt >= 0 && settled(), deadline);
    if (violation == null && !settled) {
      report(Invariant.LIVENESS, "faults stopped at " + plan.faultMillis() + " ms, but by "
          + deadline + " ms the run had not settled: " + status());
    } else if (violation == null) {
      checkSlotsPerLine();
    }
    return result();
  }

  /** Starts the run and schedules the fault phase: the nemesis's steps and the end of faults. */
  void armChaos() {
    start();
    // A primary that skips a slot is a faulty replica while its view lasts, so it takes one of
    // the f faults the cluster tolerates: the nemesis may crash one replica fewer.
    int crashBudget = setup.faults().skipSlot() >= 0 ? setup.maxDown() - 1 : setup.maxDown();
    new Nemesis(this, setup.faults(), nemesisRandom, wipeRandom, crashBudget).schedule();
    scheduleClientRestart();
    scheduleAction(setup.faults().faultMillis(), "faults stop", this::endFaults);
  }

  /**
   * Every chaos run starts one client again during the fault phase, with its earlier run's
   * window in flight; in half the runs the earlier run wakes up later and retries.
   */
  private void scheduleClientRestart() {
    long faultMillis = setup.faults().faultMillis();
    if (faultMillis <= 0 || clients.length == 0) {
      return;
    }
    int id = clientRandom.nextInt(clients.length);
    long at = faultMillis / 5 + clientRandom.nextLong(Math.max(1, faultMillis / 2));
    if (quitRandom.nextInt(3) == 0) {
      scheduleAction(at, "client-" + id + " quits and starts again", () -> quitAndRestartClient(id));
      return;
    }
    scheduleAction(at, "client-" + id + " starts again", () -> restartClient(id));
    if (clientRandom.nextBoolean()) {
      long wake = at + 1 + clientRandom.nextLong(Math.max(1, faultMillis / 3));
      scheduleAction(wake, "client-" + id + "'s earlier run wakes", () -> wakeEarlierRun(id));
    }
  }

  /** Starts the replicas' proposers and schedules every timer; scenarios call it first. */
  void start() {
    if (started) {
      return;
    }
    started = true;
    for (SimReplica replica : replicas) {
      if (!replica.up) {
        continue; // crashed before the run began
      }
      process(Address.proposer(replica.id), replica.proposer.start());
      if (!stepped) {
        queue.schedule(1 + timers.nextInt(setup.tickMillis()), new SimEvent.ReplicaTick(replica.id, 0));
      }
    }
    if (!stepped) {
      for (ClientSpec spec : setup.clients()) {
        queue.schedule(spec.startMillis(), new SimEvent.ClientTick(spec.id()));
      }
    }
  }

  /**
   * Runs events until {@code condition} holds (true), a violation is found or the next event lies
   * beyond {@code deadlineMillis} (false; the clock then stands at the deadline).
   */
  boolean runUntil(BooleanSupplier condition, long deadlineMillis) {
    start();
    while (violation == null) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (queue.nextTime() > deadlineMillis) {
        now = Math.max(now, deadlineMillis);
        return false;
      }
      if (queue.size() > STORM_PENDING_EVENTS) {
        report(Invariant.LIVENESS, "message storm: " + queue.size() + " events pending; " + status());
        return false;
      }
      step();
    }
    return false;
  }

  void runFor(long millis) {
    long deadline = now + millis;
    runUntil(() -> false, deadline);
  }

  /** Runs until every line is acknowledged and live logs are complete; a liveness violation if not within {@code millis}. */
  boolean runUntilSettled(long millis) {
    boolean settled = runUntil(this::settled, now + millis);
    if (settled) {
      checker.checkAcknowledgedEverywhere(liveReplicas());
      noteFinding();
    } else if (violation == null) {
      report(Invariant.LIVENESS, "not settled after " + millis + " ms: " + status());
    }
    return settled && violation == null;
  }

  private void step() {
    EventQueue.Scheduled next = queue.poll();
    now = next.time();
    SimEvent event = next.event();
    if (event instanceof SimEvent.Delivery delivery) {
      deliver(delivery);
    } else if (event instanceof SimEvent.ReplicaTick tick) {
      tickReplica(tick);
    } else if (event instanceof SimEvent.ClientTick tick) {
      tickClient(tick.clientId());
    } else if (event instanceof SimEvent.Action action) {
      trace.note(now, action.label());
      action.body().run();
    }
    noteFinding();
  }

  // ---- delivering and carrying out effects ------------------------------------------------

  private void deliver(SimEvent.Delivery delivery) {
    Address to = delivery.to();
    Message message = delivery.message();
    if (to.role() == Address.Role.CLIENT) {
      int id = to.id();
      if (!clientStarted[id]) {
        return;
      }
      trace.delivered(now, delivery.from(), to, message, delivery.duplicate() ? "(copy)" : "");
      events.received(delivery.from(), to, message);
      process(to, clients[id].handle((ClientMessage) message));
      Client woken = earlierRuns[id];
      if (woken != null && wokenUp[id]) {
        process(to, woken.handle((ClientMessage) message)); // the same id: both hear it, each keeps its own
      }
      return;
    }
    SimReplica replica = replicas[to.id()];
    if (!replica.up) {
      return; // a crashed replica hears nothing
    }
    trace.delivered(now, delivery.from(), to, message, delivery.duplicate() ? "(copy)" : "");
    events.received(delivery.from(), to, message);
    if (message instanceof Decision decision) {
      decidedLines.putIfAbsent(decision.slot(), Command.linesOf(decision.command()).size());
    }
    process(to, replica.role(to.role()).handle(message));
  }

  /** Decided copies that did not execute, and no-op slots, since faults stopped: see {@link Invariant#SLOTS_PER_LINE}. */
  private void checkSlotsPerLine() {
    long wasted = 0;
    long noops = 0;
    for (long slot = Math.max(0, slotsAtFaultEnd); slot < checker.longestLog(); slot++) {
      Command executed = checker.executedAt(slot);
      int executedLines = Command.linesOf(executed).size();
      noops += executedLines == 0 ? 1 : 0;
      wasted += Math.max(0, decidedLines.getOrDefault(slot, executedLines) - executedLines);
    }
    long leaders = Math.max(1, leadersAfterFaults.size());
    long bound = leaders * setup.clients().size() * (setup.settings().clientWindow() + 1L) + 2L * setup.replicaCount();
    if (wasted + noops > bound) {
      report(Invariant.SLOTS_PER_LINE, "after faults stopped at slot " + slotsAtFaultEnd + ", " + wasted
          + " decided copies did not execute and " + noops + " slots were no-ops, more than " + bound
          + " (" + leaders + " leader(s) since)");
    }
  }

  private void process(Address self, List<Effect> effects) {
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send) {
        send(self, send.to(), send.message());
      } else if (effect instanceof Effect.SyncChatLog sync) {
        // The fsync is done at once here; the learner hears of it through its mailbox.
        chatLogDurable[self.id()] = Math.max(chatLogDurable[self.id()],
            Math.min(sync.slots(), checker.logLength(self.id())));
        send(self, self, new LearnerMessage.ChatLogDurable(sync.slots()));
      } else if (effect instanceof Effect.Persist persist) {
        persisted.get(self.id()).add(persist.record());
        if (persist.record() instanceof AcceptorRecord.Rejoined) {
          rejoining[self.id()] = false;
          trace.note(now, "replica-" + self.id() + " votes again");
        }
      } else if (effect instanceof Effect.Execute execute) {
        trace.executed(now, self.id(), execute.slot(), execute.command());
        events.executed(self.id(), execute.slot(), execute.command());
        checker.onExecute(self.id(), execute.slot(), execute.command());
      } else if (effect instanceof Effect.SendFromLog fromLog) {
        sendFromLog(self, fromLog);
      } else if (effect instanceof Effect.Acknowledged ack) {
        noteAcknowledged(ack);
      }
    }
  }

  /**
   * What the shell does for slots a learner pruned from memory: it reads them back from its
   * chat log. A replica's log here is the prefix of the agreed slots it executed.
   */
  private void sendFromLog(Address self, Effect.SendFromLog fromLog) {
    long end = Math.min(fromLog.toSlot(), checker.logLength(self.id()));
    ByteBoundedChunk<Decision> reply = new ByteBoundedChunk<>(setup.settings().maxMessageBytes());
    for (long slot = fromLog.fromSlot(); slot < end; slot++) {
      Command command = checker.executedAt(slot);
      if (!reply.offer(new Decision(slot, command), WireSize.of(command))) {
        break;
      }
    }
    if (!reply.isEmpty()) {
      send(self, fromLog.to(), new CatchUpReply(reply.items()));
    }
  }

  private void send(Address from, Address to, Message message) {
    if (message instanceof Accept accept) {
      highestSlotProposed = Math.max(highestSlotProposed, accept.slot());
    }
    if (message instanceof Heartbeat heartbeat && from.role() == Address.Role.PROPOSER) {
      lastHeartbeatAt[from.id()] = now;
      heartbeatBallot[from.id()] = heartbeat.ballot();
      if (faultsEndedAt >= 0) {
        leadersAfterFaults.add(heartbeat.ballot());
      }
    }
    boolean local = from.role() != Address.Role.CLIENT && to.role() != Address.Role.CLIENT
        && from.id() == to.id();
    events.sent(from, to, message);
    if (local) {
      // A scripted rule sees local messages too: a scenario may lose a Decision to every learner.
      long[] delays = network.scriptedDelays(from, to, message);
      if (delays == null) {
        delays = new long[] {0};
      }
      for (int copy = 0; copy < delays.length; copy++) {
        queue.schedule(now + delays[copy], new SimEvent.Delivery(from, to, message, copy > 0));
      }
    } else if (stepped) {
      held.add(new SimEvent.Delivery(from, to, message, false));
    } else {
      network.send(now, from, to, message);
    }
  }

  private void tickReplica(SimEvent.ReplicaTick tick) {
    SimReplica replica = replicas[tick.replicaId()];
    if (!replica.up || replica.incarnation != tick.incarnation()) {
      return; // the timers of a crashed incarnation died with it
    }
    fireTimers(replica);
    queue.schedule(now + nextTickDelay(), tick);
  }

  private void fireTimers(SimReplica replica) {
    Address proposer = Address.proposer(replica.id);
    trace.ticked(now, proposer);
    process(proposer, replica.proposer.handle(ProposerMessage.Tick.INSTANCE));
    process(Address.learner(replica.id), replica.learner.handle(LearnerMessage.Tick.INSTANCE));
  }

  private long nextTickDelay() {
    int jitter = timerJitterMillis;
    if (jitter == 0) {
      return setup.tickMillis();
    }
    int offset = timers.nextInt(2 * jitter + 1) - jitter;
    if (offset != 0) {
      faults.add(FaultKind.TIMER_JITTER);
    }
    return Math.max(1, setup.tickMillis() + offset);
  }

  private void tickClient(int id) {
    fireClientTimer(id);
    Client woken = earlierRuns[id];
    boolean wokenBusy = woken != null && wokenUp[id] && !woken.superseded() && !woken.isDone() && !woken.isClosed();
    if (!clients[id].isDone() || wokenBusy) {
      queue.schedule(now + setup.tickMillis(), new SimEvent.ClientTick(id));
    }
  }

  private void fireClientTimer(int id) {
    Address address = Address.client(id);
    trace.ticked(now, address);
    if (!clientStarted[id]) {
      clientStarted[id] = true;
      process(address, clients[id].start());
    } else {
      process(address, clients[id].handle(ClientMessage.Tick.INSTANCE));
    }
    Client woken = earlierRuns[id];
    if (woken != null && wokenUp[id] && !woken.superseded()) {
      process(address, woken.handle(ClientMessage.Tick.INSTANCE));
    }
  }

  /**
   * Client {@code id} starts again, as a new process of the same id would, while its earlier run
   * still has lines in flight: the earlier run falls silent (a paused process) and the new run
   * opens a session of its own with lines of its own. Later {@link #wakeEarlierRun} may wake
   * the earlier run, whose lines must then never execute.
   */
  void restartClient(int id) {
    if (!clientStarted[id] || clients[id].isDone() || earlierRuns[id] != null) {
      return;
    }
    restartClient(id, ClientSpec.runLines(id, 1, Math.max(1, clients[id].total() / 2)));
  }

  /** As {@link #restartClient(int)}, with the new run's {@code lines} chosen by a scenario. */
  void restartClient(int id, List<String> lines) {
    if (!clientStarted[id] || clients[id].isDone() || earlierRuns[id] != null) {
      return;
    }
    earlierRuns[id] = clients[id];
    int run = 1;
    checker.onClientRun(id, run, lines);
    clients[id] = new Client(id, setup.replicaCount(), setup.settings(), lines, run + 1);
    faults.add(FaultKind.CLIENT_RESTART);
    trace.note(now, "client-" + id + " starts again (run " + run + "); its earlier run pauses");
    events.note(null, "client-" + id + " starts again");
    process(Address.client(id), clients[id].start());
    queue.schedule(now + setup.tickMillis(), new SimEvent.ClientTick(id));
  }

  /**
   * Client {@code id} closes its session with lines still in flight, as a user who quits does,
   * and a new run of the same id starts at once: none of the earlier run's lines may execute after
   * its closing, and the earlier run keeps asking until a replica says its session is closed.
   */
  void quitAndRestartClient(int id) {
    if (!clientStarted[id] || clients[id].isDone() || earlierRuns[id] != null) {
      return;
    }
    Client quitting = clients[id];
    trace.note(now, "client-" + id + " closes its session with lines in flight");
    events.note(null, "client-" + id + " closes its session");
    faults.add(FaultKind.CLIENT_QUIT);
    process(Address.client(id), quitting.close());
    restartClient(id);
    wokenUp[id] = true;
  }

  /** The paused earlier run of client {@code id} resumes, unaware that a newer one took over. */
  void wakeEarlierRun(int id) {
    if (earlierRuns[id] == null || wokenUp[id]) {
      return;
    }
    wokenUp[id] = true;
    trace.note(now, "client-" + id + "'s earlier run wakes up");
    queue.schedule(now + setup.tickMillis(), new SimEvent.ClientTick(id));
  }

  private void noteAcknowledged(Effect.Acknowledged ack) {
    int id = ack.line().clientId();
    checker.onAcknowledged(ack);
    acknowledged[id]++;
    acknowledgedLines.add(ack);
  }

  /** Every line a client was told had executed, in the order they were told. */
  List<Effect.Acknowledged> acknowledgedLines() {
    return List.copyOf(acknowledgedLines);
  }

  private void noteFinding() {
    InvariantChecker.Finding finding = checker.finding();
    if (finding != null && violation == null) {
      report(finding.invariant(), finding.detail());
    }
  }

  private void report(Invariant invariant, String detail) {
    events.violation(invariant.name(), invariant.meaning() + ": " + detail);
    violation = new Violation(invariant, detail, setup.seed(), now, trace.tail(TRACE_REPORTED));
  }

  // ---- stepping (a script in charge) ------------------------------------------------------

  /** The network messages a stepped simulation holds, in the order they were sent. */
  List<SimEvent.Delivery> held() {
    return List.copyOf(held);
  }

  /**
   * Delivers the held messages {@code which} picks, in the order they were sent, with everything
   * they cause between the roles of one replica; what they send over the network is held in turn.
   */
  void deliverHeld(java.util.function.Predicate<SimEvent.Delivery> which) {
    start();
    List<SimEvent.Delivery> chosen = held.stream().filter(which).toList();
    held.removeAll(chosen);
    for (SimEvent.Delivery delivery : chosen) {
      queue.schedule(now, delivery);
    }
    runUntil(() -> false, now);
  }

  /** Loses the held messages {@code which} picks. */
  void dropHeld(java.util.function.Predicate<SimEvent.Delivery> which) {
    List<SimEvent.Delivery> chosen = held.stream().filter(which).toList();
    held.removeAll(chosen);
    for (SimEvent.Delivery delivery : chosen) {
      faults.add(FaultKind.LOSS);
      events.dropped(delivery.from(), delivery.to(), delivery.message(), EventRecorder.DropCause.LOSS);
    }
  }

  /** One tick of virtual time passes for the replicas in {@code replicaIds} and, with {@code clientsToo}, every client. */
  void tick(Set<Integer> replicaIds, boolean clientsToo) {
    start();
    now += setup.tickMillis();
    for (SimReplica replica : replicas) {
      if (replica.up && replicaIds.contains(replica.id)) {
        fireTimers(replica);
      }
    }
    if (clientsToo) {
      for (int id = 0; id < clients.length; id++) {
        if (clientStarted[id] && !clients[id].isDone()) {
          fireClientTimer(id);
        }
      }
    }
    runUntil(() -> false, now);
  }

  /** Client {@code id} starts: it sends its first lines. */
  void startClient(int id) {
    start();
    if (!clientStarted[id]) {
      fireClientTimer(id);
      runUntil(() -> false, now);
    }
  }

  // ---- faults -----------------------------------------------------------------------------

  void scheduleAction(long atMillis, String label, Runnable body) {
    queue.schedule(atMillis, new SimEvent.Action(label, body));
  }

  /** Replica {@code id} stops; it keeps only its acceptor's state (see {@link SimReplica}). */
  void crash(int id, boolean forGood) {
    crash(id, forGood, false);
  }

  /**
   * Like {@link #crash(int, boolean)}; with {@code loseDisk} the replica also loses its acceptor
   * log and chat log, and comes back as an operator's {@code --rejoin} brings it: empty, catching
   * up from its peers, its acceptor not voting until it is safe.
   */
  void crash(int id, boolean forGood, boolean loseDisk) {
    SimReplica replica = replicas[id];
    if (!replica.up) {
      return;
    }
    replica.crash(forGood);
    if (loseDisk) {
      diskLost[id] = true;
      rejoining[id] = true;
      keptAtCrash[id] = 0;
      faults.add(FaultKind.CRASH);
      faults.add(FaultKind.DISK_WIPE);
      trace.note(now, "replica-" + id + " crashes and loses its disk");
      return;
    }
    // The chat log keeps what an fsync covered and perhaps some of the unsynced tail after it.
    long executed = checker.logLength(id);
    long floor = Math.min(chatLogDurable[id], executed);
    keptAtCrash[id] = floor + (executed > floor ? diskRandom.nextLong(executed - floor + 1) : 0);
    faults.add(FaultKind.CRASH);
    events.crashed(id, forGood ? "nemesis: crashed for good" : "nemesis: crashed");
    trace.note(now, "replica-" + id + " crashes" + (forGood ? " for good" : ""));
  }

  void restart(int id) {
    SimReplica replica = replicas[id];
    if (replica.up || replica.crashedForGood) {
      return;
    }
    long kept = keptAtCrash[id];
    checker.onRestart(id, kept);
    chatLogDurable[id] = Math.min(chatLogDurable[id], kept);
    boolean wiped = diskLost[id];
    if (wiped) {
      diskLost[id] = false;
      persisted.get(id).clear();
    }
    RestartedRoles roles = setup.roles().restart(id, setup.replicaCount(), setup.settings(),
        new Random(roleSeeds.nextLong()), List.copyOf(persisted.get(id)), ExecutedPrefix.of(checker.agreedLog(kept)));
    if (wiped) {
      roles = roles.withAcceptor(setup.roles().acceptorAfterDiskLoss(id, setup.settings()));
    }
    replica.restart(roles);
    faults.add(FaultKind.RESTART);
    events.restarted(id, kept);
    lastHeartbeatAt[id] = Long.MIN_VALUE / 2;
    trace.note(now, "replica-" + id + " restarts (incarnation " + replica.incarnation + ")");
    process(Address.acceptor(id), replica.acceptor.start());
    process(Address.proposer(id), replica.proposer.start());
    if (!stepped) {
      queue.schedule(now + 1 + timers.nextInt(setup.tickMillis()), new SimEvent.ReplicaTick(id, replica.incarnation));
    }
  }

  /** Cuts every link from {@code side} to the other replicas, and back unless {@code oneWay}. */
  void partition(Set<Integer> side, boolean oneWay) {
    for (int a = 0; a < replicas.length; a++) {
      for (int b = 0; b < replicas.length; b++) {
        if (side.contains(a) && !side.contains(b)) {
          network.cutLink(a, b);
          if (!oneWay) {
            network.cutLink(b, a);
          }
        }
      }
    }
    faults.add(oneWay ? FaultKind.ONE_WAY_PARTITION : FaultKind.PARTITION);
    trace.note(now, (oneWay ? "one-way partition: " : "partition: ") + side + " cut off");
    events.note(null, (oneWay ? "one-way partition: " : "partition: ") + side + " cut off");
  }

  void heal() {
    network.healAll();
    trace.note(now, "partitions heal");
    events.note(null, "partitions heal");
  }

  /** The end of the fault phase: a clean network, no partitions, crashed replicas back. */
  void endFaults() {
    faultsEndedAt = now;
    events.note(null, "faults stop");
    // Slots proposed during the faults may still be decided later; only what leaders propose
    // from here on is held to the bound.
    slotsAtFaultEnd = Math.max(checker.longestLog(), highestSlotProposed + 1);
    network.setConditions(0, 0, setup.faults().maxDelayMillis(), 0, 0);
    network.healAll();
    timerJitterMillis = 0;
    for (SimReplica replica : replicas) {
      restart(replica.id);
    }
  }

  Network network() {
    return network;
  }

  FaultCounter faults() {
    return faults;
  }

  // ---- observation ------------------------------------------------------------------------

  long now() {
    return now;
  }

  boolean isUp(int id) {
    return replicas[id].up;
  }

  int downCount() {
    int down = 0;
    for (SimReplica replica : replicas) {
      down += replica.up && !rejoining[replica.id] ? 0 : 1;
    }
    return down;
  }

  int replicaCount() {
    return replicas.length;
  }

  /** The up replica that sent heartbeats lately in the highest ballot, or -1. */
  int leader() {
    long recent = now - 3L * setup.settings().heartbeatTicks() * setup.tickMillis();
    int best = -1;
    for (int id = 0; id < replicas.length; id++) {
      if (replicas[id].up && lastHeartbeatAt[id] >= recent
          && (best < 0 || heartbeatBallot[id].isAbove(heartbeatBallot[best]))) {
        best = id;
      }
    }
    return best;
  }

  /** The view of {@link #leader()}, or -1 without one. */
  long leaderView() {
    int leader = leader();
    return leader < 0 ? -1 : heartbeatBallot[leader].round();
  }

  boolean allClientsDone() {
    for (Client client : clients) {
      if (!client.isDone()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The lines client {@code id} was given over all its runs: one that started again had an
   * earlier run, whose acknowledged lines {@link #acknowledged} counts too.
   */
  private long linesOfEveryRun(int id) {
    return clients[id].total() + (earlierRuns[id] == null ? 0 : earlierRuns[id].total());
  }

  long acknowledged(int clientId) {
    return acknowledged[clientId];
  }

  long totalAcknowledged() {
    long sum = 0;
    for (long a : acknowledged) {
      sum += a;
    }
    return sum;
  }

  long logLength(int replica) {
    return checker.logLength(replica);
  }

  long longestLog() {
    return checker.longestLog();
  }

  Command executedAt(long slot) {
    return checker.executedAt(slot);
  }

  /** Every line acknowledged, and every live replica has executed every slot any replica has. */
  boolean settled() {
    if (!allClientsDone()) {
      return false;
    }
    for (Client earlier : earlierRuns) {
      if (earlier != null && earlier.closing() && !earlier.isClosed() && !earlier.superseded()) {
        return false; // a closing must complete too
      }
    }
    long longest = checker.longestLog();
    for (SimReplica replica : replicas) {
      if (replica.up && checker.logLength(replica.id) != longest) {
        return false;
      }
    }
    if (settledAt < 0) {
      settledAt = now;
    }
    return true;
  }

  private boolean[] liveReplicas() {
    boolean[] live = new boolean[replicas.length];
    for (SimReplica replica : replicas) {
      live[replica.id] = replica.up;
    }
    return live;
  }

  Optional<Violation> violation() {
    return Optional.ofNullable(violation);
  }

  long traceHash() {
    return trace.hash();
  }

  EventRecorder events() {
    return events;
  }

  /**
   * What the report's header says about the end of the run: each replica's log as its chat log
   * file would hold it (md5, slots, no-ops), the lines acknowledged, and the verdict.
   */
  java.util.Map<String, Object> endFields(RunResult result) {
    java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
    fields.put("verdict", result.violation().map(v -> "VIOLATION " + v.invariant()).orElse("PASS"));
    result.violation().ifPresent(v -> fields.put("violation", v.headline()));
    fields.put("trace_hash", result.traceHashHex());
    fields.put("acknowledged", totalAcknowledged());
    long total = 0;
    for (int id = 0; id < clients.length; id++) {
      total += linesOfEveryRun(id);
    }
    fields.put("lines", total);
    fields.put("slots", checker.longestLog());
    long noops = 0;
    for (long slot = 0; slot < checker.longestLog(); slot++) {
      noops += checker.executedAt(slot) instanceof Command.Noop ? 1 : 0;
    }
    fields.put("noops", noops);
    java.util.List<Object> logs = new java.util.ArrayList<>();
    for (SimReplica replica : replicas) {
      java.util.Map<String, Object> log = new java.util.LinkedHashMap<>();
      log.put("replica", replica.id);
      log.put("state", replica.up ? "live" : replica.crashedForGood ? "crashed for good" : "down");
      log.put("slots", checker.logLength(replica.id));
      log.put("lines", logLines(checker.logLength(replica.id)));
      log.put("md5", logMd5(replica.id));
      logs.add(log);
    }
    fields.put("logs", logs);
    java.util.List<Object> agreed = new java.util.ArrayList<>();
    for (long slot = 0; slot < Math.min(checker.longestLog(), 20_000); slot++) { // the page shows fewer
      agreed.addAll(List.of(io.paxoschat.chatlog.ChatLogFormat.format(slot, checker.executedAt(slot)).split("\n")));
    }
    fields.put("log", agreed);
    return fields;
  }

  /** Lines a chat log file holding the first {@code slots} slots has: one per chat line, one per no-op. */
  private long logLines(long slots) {
    long lines = 0;
    for (long slot = 0; slot < slots; slot++) {
      lines += Math.max(1, Command.linesOf(checker.executedAt(slot)).size());
    }
    return lines;
  }

  private String logMd5(int replica) {
    try {
      java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
      for (long slot = 0; slot < checker.logLength(replica); slot++) {
        md5.update((io.paxoschat.chatlog.ChatLogFormat.format(slot, checker.executedAt(slot)) + "\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(md5.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("no MD5 in this JVM", e);
    }
  }

  List<String> traceTail(int count) {
    return trace.tail(count);
  }

  String status() {
    StringBuilder text = new StringBuilder("acknowledged");
    for (int id = 0; id < clients.length; id++) {
      text.append(" c").append(id).append('=').append(acknowledged[id]).append('/')
          .append(linesOfEveryRun(id));
    }
    text.append("; logs");
    for (SimReplica replica : replicas) {
      text.append(" r").append(replica.id).append('=').append(checker.logLength(replica.id))
          .append(replica.up ? "" : replica.crashedForGood ? "(down for good)" : "(down)");
    }
    text.append(" of ").append(checker.longestLog()).append("; leader ").append(leader());
    return text.toString();
  }

  RunResult result() {
    if (violation == null && faultsEndedAt >= 0 && settled()) {
      checker.checkAcknowledgedEverywhere(liveReplicas());
      noteFinding();
    }
    long settle = settledAt >= 0 && faultsEndedAt >= 0 ? settledAt - faultsEndedAt : -1;
    return new RunResult(setup.seed(), trace.hash(), now, Math.max(-1, settle), trace.events(),
        checker.longestLog(), faults.snapshot(), setup.faults(), Optional.ofNullable(violation));
  }
}
