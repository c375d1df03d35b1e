package io.paxoschat.sim;

import com.typesafe.config.ConfigFactory;
import io.paxoschat.actor.ClientActor;
import io.paxoschat.actor.ClientStatus;
import io.paxoschat.actor.ExecutionSink;
import io.paxoschat.actor.LocalDirectory;
import io.paxoschat.actor.ReplicaActor;
import io.paxoschat.actor.ReplicaStatus;
import io.paxoschat.fault.DroppingInterceptor;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Client;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.sim.SimulationResult.ReplicaOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.HdrHistogram.Histogram;

/**
 * Runs every replica and client of a cluster as actors of one actor system, in this JVM, and
 * waits until every line is acknowledged and every live replica has executed every decided
 * slot, so that the chat logs of all live replicas are complete and identical when it returns.
 */
public final class Simulation {

  /** Told, now and then, how far the run is. */
  @FunctionalInterface
  public interface ProgressListener {
    void progress(long acknowledged, long total);

    ProgressListener SILENT = (acknowledged, total) -> {};
  }

  private static final Duration POLL = Duration.ofMillis(5);
  /** Polls in a row that must find the cluster settled, so that no late retry is still under way. */
  private static final int SETTLED_POLLS = 4;

  private final SimulationSpec spec;
  private final ReplicaStatus[] replicas;
  private final ClientStatus[] clients;
  private final LongAdder dropped = new LongAdder();
  private volatile long clusterStartNanos;

  private Simulation(SimulationSpec spec) {
    this.spec = spec;
    this.replicas = new ReplicaStatus[spec.replicaCount()];
    for (int id = 0; id < replicas.length; id++) {
      replicas[id] = new ReplicaStatus(id);
    }
    this.clients = new ClientStatus[spec.clientLines().size()];
    for (int id = 0; id < clients.length; id++) {
      clients[id] = new ClientStatus(id, spec.clientLines().get(id).size());
    }
  }

  /**
   * Runs {@code spec} to its end. {@code chatLogs} gives each replica's sink; each is closed
   * when the run ends.
   */
  public static SimulationResult run(
      SimulationSpec spec, IntFunction<ExecutionSink> chatLogs, ProgressListener progress)
      throws InterruptedException {
    return new Simulation(spec).execute(chatLogs, progress);
  }

  private SimulationResult execute(IntFunction<ExecutionSink> chatLogs, ProgressListener progress)
      throws InterruptedException {
    long bootNanos = System.nanoTime();
    ActorSystem<Void> system = ActorSystem.create(cluster(chatLogs), "paxos-chat", ConfigFactory.load());
    boolean completed = false;
    long deadline = bootNanos + spec.timeout().toNanos();
    try {
      int settledPolls = 0;
      long lastReported = -1;
      while (System.nanoTime() < deadline) {
        long acknowledged = acknowledged();
        if (acknowledged != lastReported) {
          progress.progress(acknowledged, spec.totalLines());
          lastReported = acknowledged;
        }
        settledPolls = settled() ? settledPolls + 1 : 0;
        if (settledPolls >= SETTLED_POLLS) {
          completed = true;
          break;
        }
        TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
      }
    } finally {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
        throw new IllegalStateException("the actor system did not stop: " + e.getMessage(), e);
      }
    }
    long endNanos = System.nanoTime();
    // Timed from when the cluster's actors start, not from the JVM's actor-system boot.
    long startNanos = clusterStartNanos > 0 ? clusterStartNanos : bootNanos;
    return result(completed, startNanos, endNanos);
  }

  private Behavior<Void> cluster(IntFunction<ExecutionSink> chatLogs) {
    return Behaviors.setup(ctx -> {
      clusterStartNanos = System.nanoTime();
      LocalDirectory directory = new LocalDirectory();
      for (int id = 0; id < replicas.length; id++) {
        ReplicaActor.Setup setup = new ReplicaActor.Setup(
            id, spec.replicaCount(), spec.settings(), spec.tick(), spec.faults(), dropped,
            chatLogs.apply(id), replicas[id], directory::register, directory);
        ctx.spawn(ReplicaActor.create(setup), "replica-" + id);
      }
      for (int id = 0; id < clients.length; id++) {
        Client client = new Client(id, spec.replicaCount(), spec.settings(), spec.clientLines().get(id));
        Behavior<ClientMessage> behavior = DroppingInterceptor.wrap(
            ClientMessage.class, spec.faults().filterFor(Address.client(id)), dropped,
            ClientActor.create(client, directory, spec.tick(), clients[id]));
        ActorRef<ClientMessage> ref = ctx.spawn(behavior, "client-" + id);
        directory.register(Address.client(id), ref);
      }
      return Behaviors.empty();
    });
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

  private SimulationResult result(boolean completed, long startNanos, long endNanos) {
    long lastAck = Arrays.stream(clients).mapToLong(ClientStatus::doneAtNanos).max().orElse(-1);
    boolean allDone = Arrays.stream(clients).allMatch(ClientStatus::done);
    long ackEnd = allDone && lastAck > 0 ? lastAck : endNanos;
    List<ReplicaOutcome> outcomes = new ArrayList<>();
    for (ReplicaStatus replica : replicas) {
      outcomes.add(new ReplicaOutcome(replica.id(), replica.crashed(), replica.executedUpTo()));
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
        commitLatencies());
  }

  private Histogram commitLatencies() {
    Histogram all = new Histogram(3_600_000_000_000L, 3);
    for (ClientStatus client : clients) {
      all.add(client.commitLatencies());
    }
    return all;
  }

  /** For each crashed replica: from its crash to the first slot decided in any later view. */
  private List<Duration> failovers() {
    List<Duration> failovers = new ArrayList<>();
    for (ReplicaStatus crashed : replicas) {
      if (!crashed.crashed()) {
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
