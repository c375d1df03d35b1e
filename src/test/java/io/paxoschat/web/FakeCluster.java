package io.paxoschat.web;

import io.paxoschat.actor.Directory;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ChatEntry;
import io.paxoschat.paxos.ClientMessage.ChatEntries;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.SessionOpened;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.LearnerMessage.SessionRequest;
import io.paxoschat.paxos.LearnerMessage.ReadChat;
import io.paxoschat.paxos.Message;
import io.paxoschat.remote.StatusReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * A cluster in memory for the gateway's route tests: one log that every "learner" serves, a line
 * executed once per (client, seq) in each client's order, acknowledgements and reads answered at
 * once; {@link #reachable} false makes it silent, as replicas out of reach are.
 */
final class FakeCluster implements GatewayNetwork {

  volatile boolean reachable = true;
  private final Map<Address, ActorRef<Object>> refs = new ConcurrentHashMap<>();
  private final List<ChatEntry> log = new ArrayList<>();
  private final Map<Integer, Long> lastSeq = new HashMap<>();
  /** Per client: the nonce and the session (slot) of its open session. */
  private final Map<Integer, Long[]> sessions = new HashMap<>();
  private ClusterView view;

  void watch(ClusterView view) {
    this.view = view;
  }

  synchronized List<ChatEntry> log() {
    return List.copyOf(log);
  }

  @Override
  public Directory directory() {
    return this::handle;
  }

  private synchronized void handle(Address to, Message message) {
    if (!reachable) {
      return;
    }
    if (message instanceof SessionRequest request && request.change() instanceof Command.OpenSession open) {
      // A session is the slot its opening took; only the open session's lines execute.
      Long[] current = sessions.get(open.clientId());
      if (current == null || open.nonce() > current[0]) {
        sessions.put(open.clientId(), new Long[] {open.nonce(), (long) log.size()});
      }
      Long[] now = sessions.get(open.clientId());
      tell(open.clientId(), new SessionOpened(open.clientId(), now[0], now[1],
          lastSeq.getOrDefault(open.clientId(), 0L), 0));
    } else if (message instanceof ClientRequest request) {
      Long[] open = sessions.get(request.clientId());
      for (ChatLine line : request.lines()) {
        long last = lastSeq.getOrDefault(line.clientId(), 0L);
        if (open != null && line.session() == open[1] && line.seq() == last + 1) {
          log.add(new ChatEntry(log.size(), line));
          lastSeq.put(line.clientId(), line.seq());
        }
      }
      long session = open == null ? -1 : open[1];
      tell(request.clientId(), new ClientReply(request.clientId(), session,
          lastSeq.getOrDefault(request.clientId(), 0L), -1, 0, 0));
    } else if (message instanceof ReadChat read) {
      List<ChatEntry> entries = new ArrayList<>();
      long next = log.size();
      for (ChatEntry entry : log) {
        if (entry.slot() >= read.fromSlot()) {
          if (entries.size() == read.maxEntries()) {
            next = entry.slot();
            break;
          }
          entries.add(entry);
        }
      }
      tell(read.clientId(), new ChatEntries(to.id(), read.fromSlot(), Math.max(next, read.fromSlot()),
          lastSeq.getOrDefault(read.clientId(), 0L), entries));
    }
  }

  private void tell(int clientId, Object message) {
    ActorRef<Object> ref = refs.get(Address.client(clientId));
    if (ref != null) {
      ref.tell(message);
    }
  }

  @Override
  public void register(Address address, ActorRef<?> ref) {
    @SuppressWarnings("unchecked")
    ActorRef<Object> client = (ActorRef<Object>) ref;
    refs.put(address, client);
  }

  @Override
  public Behavior<?> guard(Behavior<Object> client) {
    return client;
  }

  @Override
  public void queryStatus(int replica) {
    if (reachable && view != null) {
      long executed;
      synchronized (this) {
        executed = log.size();
      }
      view.status(new StatusReport(replica, 0, replica == 0, executed, executed, 0), System.nanoTime());
    }
  }
}
