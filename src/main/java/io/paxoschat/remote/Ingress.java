package io.paxoschat.remote;

import io.paxoschat.events.EventRecorder;
import io.paxoschat.paxos.Message;
import io.paxoschat.paxos.WireMessage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Props;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door of a node: every protocol message from another process arrives here, with the
 * sending node's ingress as its Artery sender, and is passed on to the local role it is for only
 * if that sender's address ({@code pekko://paxos-chat@host:port}) is a node of the cluster file.
 * Anything else is dropped and logged.
 *
 * <p>This is a classic actor because a typed one never sees a sender. What it checks is the
 * address the sending process's Artery writes into each message: it stops processes of other
 * clusters, stale or mistaken configs and plain strangers, but a process that runs modified code
 * can write any address it likes. Only TLS (the cluster's CA) keeps such a process out.
 */
final class Ingress extends AbstractActor {

  private static final Logger log = LoggerFactory.getLogger(Ingress.class);
  /** Remembered strangers, so a flood from many addresses cannot grow memory without bound. */
  private static final int MAX_REMEMBERED = 1024;

  private final RemoteDirectory directory;
  private final Map<Address, AtomicLong> strangers = new ConcurrentHashMap<>();
  private final AtomicLong dropped;
  private final EventRecorder events;
  /** This node, as the receiver of what a stranger sends: its lane in the event record. */
  private final io.paxoschat.paxos.Address self;

  static Props props(RemoteDirectory directory, AtomicLong dropped, EventRecorder events, NodeId node) {
    return Props.create(Ingress.class, () -> new Ingress(directory, dropped, events, node));
  }

  private Ingress(RemoteDirectory directory, AtomicLong dropped, EventRecorder events, NodeId node) {
    this.directory = directory;
    this.dropped = dropped;
    this.events = events;
    this.self = node.kind() == NodeId.Kind.REPLICA
        ? io.paxoschat.paxos.Address.acceptor(node.id()) : io.paxoschat.paxos.Address.client(node.id());
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder().matchAny(this::onMessage).build();
  }

  private void onMessage(Object message) {
    Address from = getSender().path().address();
    NodeId member = directory.memberAt(from);
    if (member == null) {
      dropStranger(from, message);
      return;
    }
    directory.heardFrom(member);
    if (message instanceof NodeHello hello) {
      if (hello.running()) {
        directory.heardFromRunning(member);
      }
      if (hello.answerWanted()) {
        getSender().tell(new NodeHello(false, directory.rolesRunning()), getSelf());
      }
      return;
    }
    if (message instanceof StatusQuery) {
      StatusReport status = directory.status();
      if (status != null) {
        getSender().tell(status, getSelf());
      }
      return;
    }
    if (message instanceof StatusReport report) {
      if (!directory.reportStatus(report)) {
        log.debug("dropped a status report from {}: nobody here asked", from);
      }
      return;
    }
    if (message instanceof ForClient envelope) {
      if (!directory.deliverToClient(envelope, member)) {
        dropped.incrementAndGet();
        log.debug("dropped a {} for client {} from {}: no such client here",
            envelope.message().getClass().getSimpleName(), envelope.clientId(), from);
      }
      return;
    }
    if (!(message instanceof Message protocol) || !(message instanceof WireMessage)) {
      dropped.incrementAndGet();
      log.warn("dropped a {} from {}: not a protocol message", message.getClass().getName(), from);
      return;
    }
    if (!directory.deliverLocally(protocol, member)) {
      dropped.incrementAndGet();
      log.debug("dropped a {} from {}: no role here handles it", message.getClass().getSimpleName(), from);
    }
  }

  private void dropStranger(Address from, Object message) {
    dropped.incrementAndGet();
    events.dropped(null, self, message, EventRecorder.DropCause.STRANGER);
    AtomicLong count = strangers.get(from);
    if (count == null && strangers.size() < MAX_REMEMBERED) {
      count = strangers.computeIfAbsent(from, a -> new AtomicLong());
    }
    long n = count == null ? 0 : count.incrementAndGet();
    if (n == 1 || n % 10_000 == 0) {
      log.warn("dropped a {} from {}, which is not a node of the cluster ({} from there so far)",
          message.getClass().getSimpleName(), describe(from), n);
    }
  }

  private static String describe(Address from) {
    return from.hasGlobalScope() ? from.toString() : "an unknown sender (no remote address)";
  }
}
