package io.paxoschat.remote;

import com.typesafe.config.Config;
import io.paxoschat.actor.RoleGuard;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.events.EventRecorder;
import io.paxoschat.fault.NetworkFaults;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Message;
import io.paxoschat.config.NodeAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.artery.ArteryTransport;

/**
 * One process of a cluster spread over processes: an actor system known by the node's
 * host:port, its {@link Ingress} at {@code /user/ingress}, and the roles the caller spawns with
 * the node's {@link RemoteDirectory} and {@link RoleGuard}. Unless the cluster file turns it off,
 * the node's {@link FrontDoor} listens on that port and Artery behind it on a private one.
 */
public final class RemoteNode {

  /** Spawns the node's actors, in the guardian, once the ingress is up. */
  @FunctionalInterface
  public interface Roles {
    void spawn(ActorContext<?> ctx, RemoteDirectory directory, RoleGuard guard);
  }

  /** Whether the node's roles wait for a majority of replicas to be up. */
  public enum Start { AT_ONCE, WHEN_A_MAJORITY_IS_UP }

  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration GREET_EVERY = Duration.ofMillis(200);
  /**
   * Once a majority is up, how long to wait for the rest: a whole cluster starting together
   * then begins with every replica in view 0; a replica that is down costs only this delay.
   */
  private static final Duration WAIT_FOR_ALL = Duration.ofSeconds(2);

  private enum Greet { TICK }

  private final ActorSystem<?> system;
  private final RemoteDirectory directory;
  private final AtomicLong droppedAtIngress;
  private final IngressGuard guard;
  private final CompletableFuture<String> quarantinedByPeer;
  private final Optional<FrontDoor> frontDoor;

  private RemoteNode(ActorSystem<?> system, RemoteDirectory directory, AtomicLong droppedAtIngress,
      IngressGuard guard, CompletableFuture<String> quarantinedByPeer, Optional<FrontDoor> frontDoor) {
    this.system = system;
    this.directory = directory;
    this.droppedAtIngress = droppedAtIngress;
    this.guard = guard;
    this.quarantinedByPeer = quarantinedByPeer;
    this.frontDoor = frontDoor;
  }

  /**
   * Completes (with the peer's address) when a peer quarantined this node's incarnation. Artery
   * then drops everything between the two for as long as this actor system lives, in both
   * directions; only a new incarnation (a new actor system, with a new UID) talks to that peer
   * again. See {@link Incarnations}.
   */
  public CompletableFuture<String> quarantinedByPeer() {
    return quarantinedByPeer;
  }

  /**
   * Starts the node; returns once its actors are spawned.
   *
   * @throws io.paxoschat.config.ConfigException for TLS stores that do not exist
   * @throws IllegalStateException when the actor system cannot start (port taken, TLS stores
   *     that do not open)
   */
  public static RemoteNode start(ClusterConfig config, NodeId self, Roles roles) throws InterruptedException {
    return start(config, self, Start.AT_ONCE, roles, up -> {});
  }

  /**
   * Starts the node; returns once its ingress is up. With {@link Start#WHEN_A_MAJORITY_IS_UP} the
   * roles start later: once every replica answered a greeting, or a majority did (this one
   * included) and the rest stayed silent for a while. {@code onRolesStarted} then gets the number
   * of replicas known to be up.
   */
  public static RemoteNode start(ClusterConfig config, NodeId self, Start when, Roles roles,
      IntConsumer onRolesStarted)
      throws InterruptedException {
    return start(config, self, when, NetworkFaults.NONE, 0, roles, onRolesStarted);
  }

  /**
   * As above, with network faults in front of the node's roles that a nemesis may switch while
   * it runs ({@link NetworkFaults#NONE} for none); {@code seed} seeds their losses.
   */
  public static RemoteNode start(ClusterConfig config, NodeId self, Start when, NetworkFaults faults, long seed,
      Roles roles, IntConsumer onRolesStarted)
      throws InterruptedException {
    return start(config, self, when, faults, seed, roles, onRolesStarted, EventRecorder.OFF);
  }

  /** As above; messages the ingress drops as from strangers go to {@code events}. */
  public static RemoteNode start(ClusterConfig config, NodeId self, Start when, NetworkFaults faults, long seed,
      Roles roles, IntConsumer onRolesStarted, EventRecorder events)
      throws InterruptedException {
    var settings = NodeSystemConfig.forNode(config, self);
    AtomicLong dropped = new AtomicLong();
    IngressGuard guard = new IngressGuard(self, faults, seed);
    CompletableFuture<RemoteDirectory> started = new CompletableFuture<>();
    CompletableFuture<String> quarantined = new CompletableFuture<>();
    int majority = config.replicaCount() / 2 + 1;
    Behavior<Greet> guardian = Behaviors.setup(ctx -> {
      SerializerWarmUp.run(Adapter.toClassic(ctx.getSystem()));
      RemoteDirectory directory = new RemoteDirectory(config, self, ActorRefResolver.get(ctx.getSystem()));
      QuarantineWatch.start(ctx, quarantined, directory);
      directory.bindIngress(Adapter.actorOf(
          ctx, Ingress.props(directory, dropped, events, self), RemoteDirectory.INGRESS_NAME));
      started.complete(directory);
      if (when == Start.AT_ONCE) {
        roles.spawn(ctx, directory, guard);
        directory.markRolesRunning();
        onRolesStarted.accept(directory.replicasUp());
        return Behaviors.empty();
      }
      long[] majoritySince = {-1};
      return Behaviors.withTimers(timers -> {
        timers.startTimerAtFixedRate(Greet.TICK, GREET_EVERY);
        directory.greetSilentReplicas();
        return Behaviors.receiveMessage(tick -> {
          int up = directory.replicasUp();
          if (up >= majority && majoritySince[0] < 0) {
            majoritySince[0] = System.nanoTime();
          }
          boolean allUp = up == config.replicaCount();
          // A peer whose roles run means the cluster is up and this replica came back: the
          // silent ones are down, and waiting for them only keeps this one away longer.
          boolean rejoining = directory.anyReplicaRunning();
          if (!allUp && !rejoining
              && (majoritySince[0] < 0 || System.nanoTime() - majoritySince[0] < WAIT_FOR_ALL.toNanos())) {
            directory.greetSilentReplicas();
            return Behaviors.same();
          }
          timers.cancelAll();
          roles.spawn(ctx, directory, guard);
          directory.markRolesRunning();
          onRolesStarted.accept(up);
          return Behaviors.empty();
        });
      });
    });
    Optional<FrontDoor> door = config.frontDoor().enabled()
        ? Optional.of(bindFrontDoor(config, self, settings))
        : Optional.empty();
    ActorSystem<Greet> system;
    try {
      system = ActorSystem.create(guardian, RemoteDirectory.SYSTEM_NAME, settings);
    } catch (RuntimeException e) {
      door.ifPresent(FrontDoor::close);
      throw new IllegalStateException("cannot start " + self + " on " + self.addressIn(config).hostPort()
          + ": " + rootMessage(e), e);
    }
    door.ifPresent(d -> {
      d.relayTo(arteryBindAddress(system));
      system.getWhenTerminated().thenRun(d::close);
    });
    try {
      return new RemoteNode(system, started.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS), dropped, guard,
          quarantined, door);
    } catch (ExecutionException | TimeoutException e) {
      system.terminate();
      throw new IllegalStateException(self + " did not start its actors: " + rootMessage(e), e);
    }
  }

  /** The node's public port, in front of Artery's private one. */
  private static FrontDoor bindFrontDoor(ClusterConfig config, NodeId self, Config settings) {
    NodeAddress at = self.addressIn(config);
    try {
      return FrontDoor.bind(new InetSocketAddress(at.host(), at.port()), config.frontDoor(),
          () -> ArteryOpening.forTransport(settings), self.name());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + self + " on " + at.hostPort() + ": " + rootMessage(e), e);
    }
  }

  /** Where Artery listens: the bind address, not the canonical one peers are told. */
  private static InetSocketAddress arteryBindAddress(ActorSystem<?> system) {
    var provider = (RemoteActorRefProvider) ((ExtendedActorSystem) Adapter.toClassic(system)).provider();
    var address = ((ArteryTransport) provider.transport()).bindAddress().address();
    return new InetSocketAddress(address.getHost().orElseThrow(), address.getPort().orElseThrow());
  }

  /** What this node's front door did so far; empty when the cluster file turns it off. */
  public Optional<FrontDoor.Counts> frontDoorCounts() {
    return frontDoor.map(FrontDoor::counts);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }

  /** Sends like the node's roles do; for a local role, a message from this process. */
  public void send(Address to, Message message) {
    directory.send(to, message);
  }

  /**
   * Greets every replica not heard from yet (an answer is asked for): the connections to those
   * that answer are open and their serializers warm once {@link #replicasUp} counts them.
   */
  public void greetReplicas() {
    directory.greetSilentReplicas();
  }

  /** Replicas known to be up: this node, if it is one, and those heard from. */
  public int replicasUp() {
    return directory.replicasUp();
  }

  /** Completes once {@link #replicasUp} reaches {@code count}. */
  public CompletableFuture<Void> whenReplicasUp(int count) {
    return directory.whenReplicasUp(count);
  }

  /** How this node reaches the others. */
  public RemoteDirectory directory() {
    return directory;
  }

  public ActorSystem<?> system() {
    return system;
  }

  /** Messages dropped at this node's door: from strangers, or around the ingress. */
  public long droppedMessages() {
    return droppedAtIngress.get() + guard.dropped();
  }

  /** Stops the actor system (its actors' PostStop runs, so logs get closed); waits at most {@code timeout}. */
  public boolean stop(Duration timeout) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      // Closed here too, not only when termination's callbacks get to it: a new incarnation
      // started next binds the same port.
      frontDoor.ifPresent(FrontDoor::close);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }
}
