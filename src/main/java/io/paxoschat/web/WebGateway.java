package io.paxoschat.web;

import io.paxoschat.actor.Directory;
import io.paxoschat.actor.RoleGuard;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.metrics.GatewayMetrics;
import io.paxoschat.paxos.Address;
import io.paxoschat.remote.NodeId;
import io.paxoschat.remote.RemoteDirectory;
import io.paxoschat.remote.RemoteNode;
import io.paxoschat.remote.StatusQuery;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.Materializer;

/** A running gateway: its cluster node (Artery) and its HTTP server. */
public final class WebGateway {

  private static final Duration BIND_WAIT = Duration.ofSeconds(30);

  private final RemoteNode node;
  private final ServerBinding binding;

  private WebGateway(RemoteNode node, ServerBinding binding) {
    this.node = node;
    this.binding = binding;
  }

  /**
   * Starts gateway {@code id} of {@code config} (as processes run it) and serves HTTP on
   * {@code bindHost:httpPort}.
   *
   * @throws IllegalStateException when the node or the HTTP server cannot start (a port taken)
   */
  public static WebGateway start(ClusterConfig config, int id, String bindHost, int httpPort) throws Exception {
    GatewaySettings settings = new GatewaySettings(config, config.gateway(id));
    ClusterView view = new ClusterView(config.replicaCount());
    GatewayMetrics metrics = GatewayMetrics.withJvmMetrics();
    CompletableFuture<ActorRef<GatewayActor.Command>> gateway = new CompletableFuture<>();
    RemoteNode node = RemoteNode.start(config, NodeId.gateway(id), (ctx, directory, guard) -> {
      directory.onStatusReport(report -> view.status(report, System.nanoTime()));
      gateway.complete(ctx.spawn(GatewayActor.create(settings, new ArteryNetwork(directory, guard), view, metrics), "gateway"));
    });
    try {
      ActorRef<GatewayActor.Command> ref = gateway.get(BIND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      Materializer materializer = Materializer.matFromSystem(node.system());
      GatewayRoutes routes = new GatewayRoutes(ref::tell, view, metrics, materializer);
      ServerBinding binding = Http.get(node.system()).newServerAt(bindHost, httpPort).bind(routes.route())
          .toCompletableFuture().get(BIND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return new WebGateway(node, binding);
    } catch (Exception e) {
      node.stop(Duration.ofSeconds(5));
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new IllegalStateException("cannot serve HTTP on " + bindHost + ":" + httpPort + ": " + root.getMessage(), e);
    }
  }

  /** The HTTP port it listens on (the one asked for, or the one picked for port 0). */
  public int httpPort() {
    return binding.localAddress().getPort();
  }

  public void stop(Duration timeout) {
    binding.unbind();
    node.stop(timeout);
  }

  /** The gateway's actors reach the cluster through the node's Artery directory. */
  private record ArteryNetwork(RemoteDirectory remote, RoleGuard roleGuard) implements GatewayNetwork {

    @Override
    public Directory directory() {
      return remote;
    }

    @Override
    public void register(Address address, ActorRef<?> ref) {
      remote.register(address, ref);
    }

    @Override
    public Behavior<?> guard(Behavior<Object> client) {
      return roleGuard.guard(Object.class, client);
    }

    @Override
    public void queryStatus(int replica) {
      remote.sendToNode(NodeId.replica(replica), StatusQuery.INSTANCE);
    }
  }
}
