package io.paxoschat.remote;

import io.paxoschat.actor.RoleGuard;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Message;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One process of a cluster spread over processes: an actor system bound to the node's
 * host:port, its {@link Ingress} at {@code /user/ingress}, and the roles the caller spawns with
 * the node's {@link RemoteDirectory} and {@link RoleGuard}.
 */
public final class RemoteNode {

  /** Spawns the node's actors, in the guardian, once the ingress is up. */
  @FunctionalInterface
  public interface Roles {
    void spawn(ActorContext<Void> ctx, RemoteDirectory directory, RoleGuard guard);
  }

  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final ActorSystem<Void> system;
  private final RemoteDirectory directory;
  private final AtomicLong droppedAtIngress;
  private final IngressGuard guard;

  private RemoteNode(ActorSystem<Void> system, RemoteDirectory directory, AtomicLong droppedAtIngress,
      IngressGuard guard) {
    this.system = system;
    this.directory = directory;
    this.droppedAtIngress = droppedAtIngress;
    this.guard = guard;
  }

  /**
   * Starts the node; returns once its actors are spawned.
   *
   * @throws io.paxoschat.config.ConfigException for TLS stores that do not exist
   * @throws IllegalStateException when the actor system cannot start (port taken, TLS stores
   *     that do not open)
   */
  public static RemoteNode start(ClusterConfig config, NodeId self, Roles roles) throws InterruptedException {
    var settings = NodeSystemConfig.forNode(config, self);
    AtomicLong dropped = new AtomicLong();
    IngressGuard guard = new IngressGuard();
    CompletableFuture<RemoteDirectory> started = new CompletableFuture<>();
    Behavior<Void> guardian = Behaviors.setup(ctx -> {
      RemoteDirectory directory = new RemoteDirectory(config, self, ActorRefResolver.get(ctx.getSystem()));
      directory.bindIngress(Adapter.actorOf(
          ctx, Ingress.props(directory, RemoteDirectory.members(config), dropped), RemoteDirectory.INGRESS_NAME));
      roles.spawn(ctx, directory, guard);
      started.complete(directory);
      return Behaviors.empty();
    });
    ActorSystem<Void> system;
    try {
      system = ActorSystem.create(guardian, RemoteDirectory.SYSTEM_NAME, settings);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot start " + self + " on " + self.addressIn(config).hostPort()
          + ": " + rootMessage(e), e);
    }
    try {
      return new RemoteNode(system, started.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS), dropped, guard);
    } catch (ExecutionException | TimeoutException e) {
      system.terminate();
      throw new IllegalStateException(self + " did not start its actors: " + rootMessage(e), e);
    }
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

  public ActorSystem<Void> system() {
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
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }
}
