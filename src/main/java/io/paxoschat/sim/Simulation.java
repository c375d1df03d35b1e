package io.paxoschat.sim;

import com.typesafe.config.ConfigFactory;
import io.paxoschat.actor.ClientActor;
import io.paxoschat.actor.ClientStatus;
import io.paxoschat.actor.ExecutionSink;
import io.paxoschat.actor.LocalDirectory;
import io.paxoschat.actor.ReplicaActor;
import io.paxoschat.actor.ReplicaMeters;
import io.paxoschat.actor.ReplicaState;
import io.paxoschat.actor.ReplicaStatus;
import io.paxoschat.actor.EventRecordingDirectory;
import io.paxoschat.actor.RoleGuard;
import io.paxoschat.events.EventRecorder;
import io.paxoschat.metrics.ReplicaMetrics;
import io.paxoschat.fault.DroppingInterceptor;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Client;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.Effect;
import io.paxoschat.sim.SimulationResult.ReplicaOutcome;
import io.paxoschat.sim.SimulationResult.RestartOutcome;
import io.paxoschat.sim.SimulationSpec.Restart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every replica and client of a cluster as actors of one actor system, in this JVM, and
 * waits until every line is acknowledged and every live replica has executed every decided
 * slot, so that the chat logs of all live replicas are complete and identical when it returns.
 *
 * <p>Crashes and restarts: a monitor thread of the run keeps the schedule. It tells the guardian to
 * crash a replica (its actors stop; what they had not made durable is lost), waits until the
 * replica is gone and its files are closed, reads the replica's state back from disk (file I/O
 * off the dispatchers), and tells the guardian to start the new incarnation from it, whose
 * children then register in the directory in place of the old ones.
 */
public final class Simulation {

  private static final Logger log = LoggerFactory.getLogger(Simulation.class);

  /** Told, now and then, how far the run is: by one thread at a time, the run's monitor. */
  @FunctionalInterface
  public interface ProgressListener {
    void progress(long acknowledged, long total);

    /** Lines clients saw acknowledged since the last call; asked for only if {@link #wantsAcknowledged}. */
    default void acknowledged(List<Effect.Acknowledged> lines) {}

    default boolean wantsAcknowledged() {
      return false;
    }

    /**
     * The run finished (every line acknowledged, every live replica executed every decided
     * slot) and its actors are still running: what they hold in memory is all still there.
     * Called once, on the run's thread, before the actors stop; not called for a run that ran out
     * of time.
     */
    default void settled() {}

    ProgressListener SILENT = (acknowledged, total) -> {};
  }

  /**
   * Gives the state replica {@code id} starts from: at the start of the run, and again each
   * time it restarts. Called on the run's thread or its monitor's, never on a dispatcher.
   */
  @FunctionalInterface
  public interface ReplicaStates {
    ReplicaState open(int replicaId);
  }

  private static final Duration POLL = Duration.ofMillis(5);
  /** Polls in a row that must find the cluster settled, so that no late retry is still under way. */
  private static final int SETTLED_POLLS = 4;
  private static final long STOP_WAIT_SECONDS = 10;

  private final SimulationSpec spec;
  private final ReplicaStatus[] replicas;
  private final ClientStatus[] clients;
  private final LongAdder dropped = new LongAdder();
  private final EventRecorder events;
  /** Null when the run is not measured. */
  private final ReplicaMetrics metrics;
  private volatile long clusterStartNanos;

  /** What the guardian does for the run's thread. */
  private interface GuardianCommand {}

  private record StartReplica(int id, ReplicaState state, CompletableFuture<Void> stopped) implements GuardianCommand {}

  private record CrashReplica(int id) implements GuardianCommand {}

  private record ReplicaStopped(int id, CompletableFuture<Void> stopped) implements GuardianCommand {}

  /** Where one planned restart stands. */
  private enum Phase { WAITING, DOWN, BACK }

  private Simulation(SimulationSpec spec, EventRecorder events, ReplicaMetrics metrics, boolean keepAcknowledged) {
    this.spec = spec;
    this.events = events;
    this.metrics = metrics;
    this.replicas = new ReplicaStatus[spec.replicaCount()];
    for (int id = 0; id < replicas.length; id++) {
      replicas[id] = new ReplicaStatus(id);
    }
    this.clients = new ClientStatus[spec.clientLines().size()];
    for (int id = 0; id < clients.length; id++) {
      clients[id] = new ClientStatus(id, spec.clientLines().get(id).size(), keepAcknowledged);
    }
  }

  /**
   * Runs {@code spec} with replicas that keep nothing but their chat logs: {@code chatLogs}
   * gives each replica's sink, closed when the run ends. Such replicas cannot restart.
   */
  public static SimulationResult run(
      SimulationSpec spec, IntFunction<ExecutionSink> chatLogs, ProgressListener progress)
      throws InterruptedException {
    if (!spec.restarts().isEmpty()) {
      throw new IllegalArgumentException("restarts need replicas that keep their state on disk");
    }
    return runWithStates(spec, id -> ReplicaState.fresh(id, spec.replicaCount(), spec.settings(), chatLogs.apply(id)),
        progress, EventRecorder.OFF);
  }

  /**
   * Runs {@code spec}; {@code states} opens each replica's state, at the start and at each
   * restart.
   *
   * @throws io.paxoschat.storage.StorageException if a replica's state cannot be read at the
   *     start (corruption); a failed restart is reported in the result instead
   */
  public static SimulationResult runWithStates(SimulationSpec spec, ReplicaStates states, ProgressListener progress)
      throws InterruptedException {
    return runWithStates(spec, states, progress, EventRecorder.OFF);
  }

  /** Runs {@code spec} as above, recording what every node does into {@code events}. */
  public static SimulationResult runWithStates(
      SimulationSpec spec, ReplicaStates states, ProgressListener progress, EventRecorder events)
      throws InterruptedException {
    return new Simulation(spec, events, null, progress.wantsAcknowledged()).execute(states, progress);
  }

  /** Runs {@code spec} as above, every replica also measured into {@code metrics}. */
  public static SimulationResult runWithStates(
      SimulationSpec spec, ReplicaStates states, ProgressListener progress, EventRecorder events,
      ReplicaMetrics metrics) throws InterruptedException {
    return new Simulation(spec, events, metrics, progress.wantsAcknowledged()).execute(states, progress);
  }

  private SimulationResult execute(ReplicaStates states, ProgressListener progress)
      throws InterruptedException {
    List<ReplicaState> initial = openAll(states);
    long bootNanos = System.nanoTime();
    List<CompletableFuture<Void>> stopped = new ArrayList<>();
    for (int id = 0; id < replicas.length; id++) {
      stopped.add(new CompletableFuture<>());
    }
    ActorSystem<GuardianCommand> system =
        ActorSystem.create(cluster(initial, stopped), "paxos-chat", ConfigFactory.load());
    boolean completed = false;
    Monitor monitor = new Monitor(system, states, stopped, progress);
    // The monitor looks at the run every POLL on a thread of its own (restarts read files, so not
    // on a dispatcher); this thread waits for it to see the run finished, up to the run's timeout.
    ScheduledExecutorService looks = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "simulation-monitor");
      thread.setDaemon(true);
      return thread;
    });
    try {
      looks.scheduleWithFixedDelay(monitor::look, 0, POLL.toNanos(), TimeUnit.NANOSECONDS);
      long remaining = bootNanos + spec.timeout().toNanos() - System.nanoTime();
      completed = monitor.finished.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
      if (completed) {
        progress.settled();
      }
    } catch (TimeoutException e) {
      completed = false;
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } finally {
      looks.shutdownNow();
      boolean monitorStopped = looks.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
        throw new IllegalStateException("the actor system did not stop: " + e.getMessage(), e);
      }
      if (!monitorStopped) {
        throw new IllegalStateException("the simulation's monitor did not stop within " + STOP_WAIT_SECONDS + " s");
      }
    }
    passOnAcknowledged(progress);
    long endNanos = System.nanoTime();
    // Timed from when the cluster's actors start, not from the JVM's actor-system boot.
    long startNanos = clusterStartNanos > 0 ? clusterStartNanos : bootNanos;
    List<RestartOutcome> restartOutcomes = new ArrayList<>();
    for (RestartOutcome outcome : monitor.restarts) {
      if (outcome != null) {
        restartOutcomes.add(outcome);
      }
    }
    return result(completed, startNanos, endNanos, restartOutcomes);
  }

  /**
   * Looks at the run now and then, on one thread: carries out the crash and restart schedule,
   * notes when restarted replicas caught up, passes progress on, and completes {@link #finished}
   * once the schedule is done and the cluster stayed settled for {@link #SETTLED_POLLS} looks.
   */
  private final class Monitor {
    final CompletableFuture<Boolean> finished = new CompletableFuture<>();
    final RestartOutcome[] restarts;
    private final ActorSystem<GuardianCommand> system;
    private final ReplicaStates states;
    private final List<CompletableFuture<Void>> stopped;
    private final ProgressListener progress;
    private final List<Restart> plan = spec.restarts();
    private final Phase[] phases;
    private final long[] crashedAtNanos;
    private final long[] executedAtCrash;
    private final long[] catchUpTarget;
    private final long[] restartedAtNanos;
    private int settledPolls;
    private long lastReported = -1;

    Monitor(ActorSystem<GuardianCommand> system, ReplicaStates states, List<CompletableFuture<Void>> stopped,
        ProgressListener progress) {
      this.system = system;
      this.states = states;
      this.stopped = stopped;
      this.progress = progress;
      phases = new Phase[plan.size()];
      Arrays.fill(phases, Phase.WAITING);
      crashedAtNanos = new long[plan.size()];
      executedAtCrash = new long[plan.size()];
      restarts = new RestartOutcome[plan.size()];
      catchUpTarget = new long[plan.size()];
      restartedAtNanos = new long[plan.size()];
    }

    void look() {
      if (finished.isDone()) {
        return;
      }
      try {
        if (lookOnce()) {
          finished.complete(true);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the run is over: its thread stops the monitor
      } catch (RuntimeException | Error e) {
        finished.completeExceptionally(e);
      }
    }

    /** Whether the run is finished. */
    private boolean lookOnce() throws InterruptedException {
      for (int i = 0; clusterStartNanos > 0 && i < plan.size(); i++) {
        Restart restart = plan.get(i);
        int id = restart.replicaId();
        long now = System.nanoTime();
        if (phases[i] == Phase.WAITING && previousRestartsBack(plan, phases, i)
            && now - clusterStartNanos >= restart.at().toNanos() && acknowledged() >= restart.afterAcknowledged()) {
          log.warn("replica {} crashes (--restart)", id);
          system.tell(new CrashReplica(id));
          phases[i] = Phase.DOWN;
          crashedAtNanos[i] = now;
          executedAtCrash[i] = replicas[id].executedUpTo();
          restarts[i] = new RestartOutcome(id, sinceStart(now), null, null, 0, 0, null, null);
        } else if (phases[i] == Phase.DOWN && now - crashedAtNanos[i] >= spec.downtime().toNanos()
            && (!restart.waitsForPeersToCompact() || peersCompactedPast(id, executedAtCrash[i]))) {
          CompletableFuture<Void> next = new CompletableFuture<>();
          RestartOutcome outcome = restart(system, states, id, stopped, next, restarts[i]);
          stopped.set(id, next);
          phases[i] = Phase.BACK;
          restarts[i] = outcome;
          restartedAtNanos[i] = System.nanoTime();
          catchUpTarget[i] = outcome.error() == null ? outcome.recoveredSlots() + outcome.behindSlots() : -1;
        }
      }
      for (int i = 0; i < restarts.length; i++) {
        RestartOutcome outcome = restarts[i];
        if (outcome != null && outcome.restartedAt() != null && outcome.catchUp() == null && outcome.error() == null
            && replicas[outcome.id()].executedUpTo() >= catchUpTarget[i]) {
          restarts[i] = new RestartOutcome(outcome.id(), outcome.crashedAt(), outcome.restartedAt(),
              outcome.replay(), outcome.recoveredSlots(), outcome.behindSlots(),
              Duration.ofNanos(System.nanoTime() - restartedAtNanos[i]), null);
        }
      }
      passOnAcknowledged(progress);
      long acknowledged = acknowledged();
      if (acknowledged != lastReported) {
        progress.progress(acknowledged, spec.totalLines());
        lastReported = acknowledged;
      }
      boolean scheduleDone = Arrays.stream(phases).allMatch(phase -> phase == Phase.BACK);
      settledPolls = scheduleDone && settled() ? settledPolls + 1 : 0;
      return settledPolls >= SETTLED_POLLS;
    }
  }

  private List<ReplicaState> openAll(ReplicaStates states) {
    List<ReplicaState> opened = new ArrayList<>();
    try {
      for (int id = 0; id < replicas.length; id++) {
        opened.add(states.open(id));
      }
      return opened;
    } catch (RuntimeException e) {
      for (ReplicaState state : opened) {
        close(state);
      }
      throw e;
    }
  }

  private static void close(ReplicaState state) {
    if (state.acceptorLog() != null) {
      state.acceptorLog().close();
    }
    state.chatLog().close();
  }

  /** Whether every earlier restart of the same replica is over: one crash at a time per replica. */
  /** Whether every live replica but {@code id} compacted past slot {@code slot}. */
  private boolean peersCompactedPast(int id, long slot) {
    for (ReplicaStatus replica : replicas) {
      if (replica.id() != id && !replica.crashed() && replica.compactBelow() <= slot) {
        return false;
      }
    }
    return true;
  }

  private static boolean previousRestartsBack(List<Restart> plan, Phase[] phases, int i) {
    for (int j = 0; j < i; j++) {
      if (plan.get(j).replicaId() == plan.get(i).replicaId() && phases[j] != Phase.BACK) {
        return false;
      }
    }
    return true;
  }

  /** Waits for the old incarnation to be gone, reads the replica back from disk, starts it. */
  private RestartOutcome restart(
      ActorSystem<GuardianCommand> system, ReplicaStates states, int id,
      List<CompletableFuture<Void>> stopped, CompletableFuture<Void> nextStopped, RestartOutcome crash)
      throws InterruptedException {
    Duration crashedAt = crash == null ? null : crash.crashedAt();
    try {
      stopped.get(id).get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      return new RestartOutcome(id, crashedAt, sinceStart(System.nanoTime()), null, 0, 0, null,
          "replica " + id + " did not stop within " + STOP_WAIT_SECONDS + " s");
    }
    long stoppedAt = System.nanoTime();
    long target = decidedSoFar();
    ReplicaState state;
    try {
      state = states.open(id);
    } catch (RuntimeException e) {
      log.error("replica {} cannot restart: {}", id, e.getMessage());
      return new RestartOutcome(id, crashedAt, sinceStart(System.nanoTime()), null, 0, 0, null, e.getMessage());
    }
    long recovered = state.learner().nextToExecute();
    Duration replay = Duration.ofNanos(System.nanoTime() - stoppedAt);
    log.warn("replica {} restarts from disk with {} executed slots, read back in {} ms", id, recovered, replay.toMillis());
    system.tell(new StartReplica(id, state, nextStopped));
    return new RestartOutcome(id, crashedAt, sinceStart(System.nanoTime()), replay, recovered,
        Math.max(0, target - recovered), null, null);
  }

  /** The highest slot any live replica knows decided: what a restarted replica must reach. */
  private long decidedSoFar() {
    long decided = 0;
    for (ReplicaStatus replica : replicas) {
      if (!replica.crashed()) {
        decided = Math.max(decided, Math.max(replica.executedUpTo(), replica.leading() ? replica.commitIndex() : 0));
      }
    }
    return decided;
  }

  private Duration sinceStart(long nanos) {
    return Duration.ofNanos(nanos - clusterStartNanos);
  }

  private static void passOnAcknowledgedOf(ClientStatus client, ProgressListener progress) {
    List<Effect.Acknowledged> lines = client.takeAcknowledged();
    if (!lines.isEmpty()) {
      progress.acknowledged(lines);
    }
  }

  private void passOnAcknowledged(ProgressListener progress) {
    for (ClientStatus client : clients) {
      passOnAcknowledgedOf(client, progress);
    }
  }

  private Behavior<GuardianCommand> cluster(List<ReplicaState> initial, List<CompletableFuture<Void>> stopped) {
    return Behaviors.setup(ctx -> {
      clusterStartNanos = System.nanoTime();
      LocalDirectory directory = new LocalDirectory();
      List<ActorRef<Void>> refs = new ArrayList<>();
      int[] incarnations = new int[replicas.length];
      for (int id = 0; id < replicas.length; id++) {
        refs.add(spawnReplica(ctx, directory, id, initial.get(id), stopped.get(id), incarnations));
      }
      for (int id = 0; id < clients.length; id++) {
        // A clock reading: above the nonce of any session this id opened in an earlier run on these logs.
        Client client = new Client(id, spec.replicaCount(), spec.settings(), spec.clientLines().get(id),
            System.currentTimeMillis() * 1_000 + id);
        Address self = Address.client(id);
        Behavior<ClientMessage> behavior = DroppingInterceptor.wrap(
            ClientMessage.class, spec.faults().filterFor(self), dropped, events, self,
            ClientActor.create(client, EventRecordingDirectory.of(directory, self, events), spec.tick(), clients[id]));
        ActorRef<ClientMessage> ref = ctx.spawn(behavior, "client-" + id);
        directory.register(Address.client(id), ref);
      }
      return Behaviors.receive(GuardianCommand.class)
          .onMessage(CrashReplica.class, crash -> {
            ActorRef<Void> ref = refs.get(crash.id());
            if (ref != null) {
              events.crashed(crash.id(), "--restart: crashed on schedule");
              replicas[crash.id()].markCrashed(System.nanoTime());
              ctx.stop(ref);
              refs.set(crash.id(), null);
            }
            return Behaviors.same();
          })
          .onMessage(StartReplica.class, start -> {
            replicas[start.id()].markRestarted(System.nanoTime(), start.state().learner().nextToExecute());
            events.restarted(start.id(), start.state().learner().nextToExecute());
            refs.set(start.id(), spawnReplica(ctx, directory, start.id(), start.state(), start.stopped(), incarnations));
            return Behaviors.same();
          })
          .onMessage(ReplicaStopped.class, gone -> {
            gone.stopped().complete(null);
            return Behaviors.same();
          })
          .build();
    });
  }

  private ActorRef<Void> spawnReplica(
      ActorContext<GuardianCommand> ctx, LocalDirectory directory, int id, ReplicaState state,
      CompletableFuture<Void> stopped, int[] incarnations) {
    ReplicaActor.Setup setup = new ReplicaActor.Setup(
        id, spec.replicaCount(), spec.settings(), spec.tick(), spec.faults(), dropped,
        state, replicas[id], directory::register, directory, RoleGuard.NONE, () -> {}, events,
        metrics == null ? ReplicaMeters.NONE : metrics.meters(replicas[id]));
    int incarnation = incarnations[id]++;
    String name = incarnation == 0 ? "replica-" + id : "replica-" + id + "-" + incarnation;
    ActorRef<Void> ref = ctx.spawn(ReplicaActor.create(setup), name);
    ctx.watchWith(ref, new ReplicaStopped(id, stopped));
    return ref;
  }

  private long acknowledged() {
    return Arrays.stream(clients).mapToLong(ClientStatus::acknowledged).sum();
  }

  /** Every line acknowledged, the leader idle, and every live replica executed all it decided. */
  private boolean settled() {
    if (!Arrays.stream(clients).allMatch(ClientStatus::done)) {
      return false;
    }
    ReplicaStatus leader = null;
    for (ReplicaStatus replica : replicas) {
      if (!replica.crashed() && replica.leading() && (leader == null || replica.view() > leader.view())) {
        leader = replica;
      }
    }
    if (leader == null || leader.pendingProposals() > 0) {
      return false;
    }
    long decided = leader.commitIndex();
    return Arrays.stream(replicas).allMatch(r -> r.crashed() || r.executedUpTo() == decided);
  }

  private SimulationResult result(boolean completed, long startNanos, long endNanos, List<RestartOutcome> restarts) {
    long lastAck = Arrays.stream(clients).mapToLong(ClientStatus::doneAtNanos).max().orElse(-1);
    boolean allDone = Arrays.stream(clients).allMatch(ClientStatus::done);
    long ackEnd = allDone && lastAck > 0 ? lastAck : endNanos;
    List<ReplicaOutcome> outcomes = new ArrayList<>();
    for (ReplicaStatus replica : replicas) {
      outcomes.add(new ReplicaOutcome(replica.id(), replica.crashed(), replica.executedUpTo(),
          replica.slotsServedFromLog(), replica.compactions()));
    }
    return new SimulationResult(
        completed,
        acknowledged(),
        spec.totalLines(),
        Arrays.stream(replicas).mapToLong(ReplicaStatus::view).max().orElse(0),
        dropped.sum(),
        Arrays.stream(clients).mapToLong(ClientStatus::retries).sum(),
        Duration.ofNanos(ackEnd - startNanos),
        Duration.ofNanos(endNanos - startNanos),
        outcomes,
        failovers(),
        commitLatencies(),
        restarts);
  }

  private Histogram commitLatencies() {
    Histogram all = new Histogram(3_600_000_000_000L, 3);
    for (ClientStatus client : clients) {
      all.add(client.commitLatencies());
    }
    return all;
  }

  /** For each crashed replica: from its (last) crash to the first slot decided in any later view. */
  private List<Duration> failovers() {
    List<Duration> failovers = new ArrayList<>();
    for (ReplicaStatus crashed : replicas) {
      if (crashed.crashedAtNanos() < 0) {
        continue;
      }
      long firstLater = Long.MAX_VALUE;
      for (ReplicaStatus other : replicas) {
        for (var entry : other.firstDecisionNanosByView().entrySet()) {
          if (entry.getKey() > crashed.view() && entry.getValue() > crashed.crashedAtNanos()) {
            firstLater = Math.min(firstLater, entry.getValue());
          }
        }
      }
      if (firstLater != Long.MAX_VALUE) {
        failovers.add(Duration.ofNanos(firstLater - crashed.crashedAtNanos()));
      }
    }
    return failovers;
  }
}
