package io.paxoschat.remote;

import io.paxoschat.actor.Directory;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.GatewayConfig;
import io.paxoschat.config.NodeAddress;
import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.Message;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.WireMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * The directory of one process of a cluster spread over processes. A role of this node gets its
 * messages straight (wrapped in {@link Admitted}); a role of another node through that node's
 * {@link Ingress}, at {@code pekko://paxos-chat@HOST:PORT/user/ingress} with HOST:PORT from the
 * cluster file, resolved once and cached. The sender of every remote message is this node's
 * ingress, whose address is what the receiving ingress checks.
 *
 * <p>Like the network it stands for, it may lose messages: Artery drops what overflows its
 * queue to a peer, and everything sent to a peer that is down. The protocol retransmits.
 */
public final class RemoteDirectory implements Directory {

  public static final String SYSTEM_NAME = "paxos-chat";
  public static final String INGRESS_NAME = "ingress";

  private final ClusterConfig config;
  private final NodeId self;
  private final ActorRefResolver resolver;
  private final Map<Address, ActorRef<Object>> localRoles = new ConcurrentHashMap<>();
  private final Map<NodeId, org.apache.pekko.actor.ActorRef> ingresses = new ConcurrentHashMap<>();
  private final Map<org.apache.pekko.actor.Address, NodeId> members;
  private final Set<NodeId> heardFrom = ConcurrentHashMap.newKeySet();
  /** Waits for a number of replicas to be up, completed as replicas are first heard from. */
  private final java.util.Queue<ReplicasUpWait> replicasUpWaits = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Set<NodeId> heardFromRunning = ConcurrentHashMap.newKeySet();
  /** Peers whose incarnation this node's Artery quarantined and that have not been heard since. */
  private final Set<NodeId> quarantinedPeers = ConcurrentHashMap.newKeySet();
  private volatile boolean rolesRunning;
  private volatile Supplier<StatusReport> statusSource;
  private volatile Consumer<StatusReport> statusListener;
  private volatile org.apache.pekko.actor.ActorRef ownIngress;

  public RemoteDirectory(ClusterConfig config, NodeId self, ActorRefResolver resolver) {
    this.config = config;
    this.self = self;
    this.resolver = resolver;
    this.members = members(config);
  }

  /** A role of this node, by its protocol address. */
  @SuppressWarnings("unchecked")
  public void register(Address address, ActorRef<?> ref) {
    if (!NodeId.hosting(address, config).equals(self)) {
      throw new IllegalArgumentException(address + " does not live on " + self);
    }
    localRoles.put(address, (ActorRef<Object>) ref);
  }

  void bindIngress(org.apache.pekko.actor.ActorRef ingress) {
    this.ownIngress = ingress;
  }

  @Override
  public void send(Address to, Message message) {
    ActorRef<Object> local = localRoles.get(to);
    if (local != null) {
      local.tell(new Admitted(message, self));
      return;
    }
    NodeId node = NodeId.hosting(to, config);
    if (node.equals(self) || !exists(node) || ownIngress == null) {
      return; // a role not started yet, or no such node: lost, like a message to nowhere
    }
    Object onTheWire = node.kind() == NodeId.Kind.GATEWAY && message instanceof ClientMessage forClient
        ? new ForClient(to.id(), forClient) : message;
    ingresses.computeIfAbsent(node, this::resolveIngress).tell(onTheWire, ownIngress);
  }

  /** Sends a message to another node's ingress itself, not to one of its roles (status queries). */
  public void sendToNode(NodeId node, WireMessage message) {
    if (!node.equals(self) && exists(node) && ownIngress != null) {
      ingresses.computeIfAbsent(node, this::resolveIngress).tell(message, ownIngress);
    }
  }

  /**
   * What this node's ingress answers a {@link StatusQuery} with; a node without one (a client, a
   * gateway) does not answer.
   */
  public void answerStatusWith(Supplier<StatusReport> source) {
    this.statusSource = source;
  }

  /** Where the {@link StatusReport}s that replicas send this node go. */
  public void onStatusReport(Consumer<StatusReport> listener) {
    this.statusListener = listener;
  }

  StatusReport status() {
    Supplier<StatusReport> source = statusSource;
    return source == null ? null : source.get();
  }

  boolean reportStatus(StatusReport report) {
    Consumer<StatusReport> listener = statusListener;
    if (listener == null) {
      return false;
    }
    listener.accept(report);
    return true;
  }

  /** Hands a message in a client's envelope to that client, if it lives on this node. */
  boolean deliverToClient(ForClient envelope, NodeId from) {
    ActorRef<Object> client = localRoles.get(Address.client(envelope.clientId()));
    if (client == null) {
      return false;
    }
    client.tell(new Admitted(envelope.message(), from));
    return true;
  }

  /** Hands a message the ingress let in to the role of this node it is for. */
  boolean deliverLocally(Message message, NodeId from) {
    ActorRef<Object> role = localRoles.get(recipientHere(message));
    if (role == null) {
      return false;
    }
    role.tell(new Admitted(message, from));
    return true;
  }

  /** The role of this node that handles {@code message}: its type says which. */
  private Address recipientHere(Message message) {
    if (message instanceof AcceptorMessage) {
      return Address.acceptor(self.id());
    } else if (message instanceof ProposerMessage) {
      return Address.proposer(self.id());
    } else if (message instanceof LearnerMessage) {
      return Address.learner(self.id());
    } else if (message instanceof ClientMessage) {
      return Address.client(self.id());
    }
    throw new IllegalArgumentException("no role handles " + message);
  }

  private boolean exists(NodeId node) {
    int count = switch (node.kind()) {
      case REPLICA -> config.replicaCount();
      case CLIENT -> config.clientCount();
      case GATEWAY -> config.gateways().size();
    };
    return node.id() >= 0 && node.id() < count;
  }

  private org.apache.pekko.actor.ActorRef resolveIngress(NodeId node) {
    return Adapter.toClassic(resolver.resolveActorRef(ingressPath(node.addressIn(config))));
  }

  static String ingressPath(NodeAddress at) {
    return "pekko://" + SYSTEM_NAME + "@" + at.hostPort() + "/user/" + INGRESS_NAME;
  }

  /** The node of the cluster file at this Artery address, or null: the only senders an ingress admits. */
  NodeId memberAt(org.apache.pekko.actor.Address address) {
    return members.get(address);
  }

  void heardFrom(NodeId node) {
    boolean first = heardFrom.add(node);
    quarantinedPeers.remove(node);
    if (first && node.kind() == NodeId.Kind.REPLICA) {
      int up = replicasUp();
      replicasUpWaits.removeIf(wait -> wait.count() <= up && wait.reached().complete(null));
    }
  }

  /** Someone waiting for this many replicas to be up. */
  private record ReplicasUpWait(int count, CompletableFuture<Void> reached) {}

  /** Completes once {@link #replicasUp} reaches {@code count} (at once if it has). */
  CompletableFuture<Void> whenReplicasUp(int count) {
    ReplicasUpWait wait = new ReplicasUpWait(count, new CompletableFuture<>());
    replicasUpWaits.add(wait);
    // Asked after joining the queue, so a replica heard from meanwhile is not missed.
    if (replicasUp() >= count) {
      wait.reached().complete(null);
      replicasUpWaits.remove(wait);
    }
    return wait.reached();
  }

  /**
   * This node's Artery quarantined the incarnation of a peer, usually one that was killed. It then
   * drops every message to that address without even trying to connect, until an incarnation
   * there shakes hands with it; a restarted replica greets only replicas, so a client (or a
   * replica it did not greet) would never reach it again. Such peers are greeted by an actor
   * selection, which Artery lets through a quarantine, until they are heard from.
   */
  void peerQuarantined(org.apache.pekko.actor.Address address) {
    NodeId node = members.get(address);
    if (node != null && !node.equals(self)) {
      quarantinedPeers.add(node);
    }
  }

  Set<NodeId> quarantinedPeers() {
    return Set.copyOf(quarantinedPeers);
  }

  String ingressPathOf(NodeId node) {
    return ingressPath(node.addressIn(config));
  }

  org.apache.pekko.actor.ActorRef ownIngress() {
    return ownIngress;
  }

  /** A replica whose roles already run greeted us: the cluster is up, we are one that came back. */
  void heardFromRunning(NodeId node) {
    if (node.kind() == NodeId.Kind.REPLICA) {
      heardFromRunning.add(node);
    }
  }

  boolean anyReplicaRunning() {
    return !heardFromRunning.isEmpty();
  }

  void markRolesRunning() {
    rolesRunning = true;
  }

  boolean rolesRunning() {
    return rolesRunning;
  }

  /** Replicas known to be up: this one, if it is a replica, and those a message came from. */
  int replicasUp() {
    int up = self.kind() == NodeId.Kind.REPLICA ? 1 : 0;
    for (NodeId node : heardFrom) {
      if (node.kind() == NodeId.Kind.REPLICA && !node.equals(self)) {
        up++;
      }
    }
    return up;
  }

  /** Greets every replica not heard from yet, asking for an answer. */
  void greetSilentReplicas() {
    for (int id = 0; id < config.replicaCount(); id++) {
      NodeId replica = NodeId.replica(id);
      if (!replica.equals(self) && !heardFrom.contains(replica) && ownIngress != null) {
        ingresses.computeIfAbsent(replica, this::resolveIngress).tell(new NodeHello(true, rolesRunning), ownIngress);
      }
    }
  }

  private static Map<org.apache.pekko.actor.Address, NodeId> members(ClusterConfig config) {
    Map<org.apache.pekko.actor.Address, NodeId> members = new HashMap<>();
    for (NodeAddress node : config.replicas()) {
      members.put(arteryAddress(node), NodeId.replica(node.id()));
    }
    for (NodeAddress node : config.clients()) {
      members.put(arteryAddress(node), NodeId.client(node.id()));
    }
    for (GatewayConfig gateway : config.gateways()) {
      members.put(arteryAddress(gateway.address()), NodeId.gateway(gateway.id()));
    }
    return Map.copyOf(members);
  }

  private static org.apache.pekko.actor.Address arteryAddress(NodeAddress node) {
    return new org.apache.pekko.actor.Address("pekko", SYSTEM_NAME, node.host(), node.port());
  }
}
