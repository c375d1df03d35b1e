package io.paxoschat.web;

import io.paxoschat.metrics.GatewayMetrics;
import io.paxoschat.paxos.Address;
import io.paxoschat.web.TabRequest.Hello;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The gateway: hands each tab that says hello a client id of its block and a {@link SessionActor},
 * passes what tabs say to their sessions, runs the {@link ChatFeed}, and asks the replicas how
 * they are every {@link #POLL}, telling the tabs when a majority is out of reach.
 */
final class GatewayActor extends AbstractBehavior<GatewayActor.Command> {

  static final Duration POLL = Duration.ofMillis(500);
  /**
   * How long a hello that names a client id another tab holds waits for that tab to go: a
   * reloaded page's new socket can say hello before the gateway hears the old one close. A tab
   * still there after this long is a duplicate (its sessionStorage was copied) and gets a new id.
   */
  static final Duration DUPLICATE_WAIT = Duration.ofSeconds(5);

  sealed interface Command {}

  record FromTab(Tab tab, TabRequest request) implements Command {}

  record TabClosed(Tab tab) implements Command {}

  record SessionEnded(int clientId, ActorRef<Object> session) implements Command {}

  private record WaitOver(Tab tab, int clientId) implements Command {}

  /** A hello that waits for the tab holding its client id to go. */
  private record WaitingHello(Tab tab, Hello hello) {}

  private enum Poll implements Command { INSTANCE }

  private record ClusterState(boolean majority, int up, long view, int leader) {}

  private final GatewaySettings settings;
  private final GatewayNetwork network;
  private final ClusterView view;
  private final GatewayMetrics metrics;
  private final ActorRef<Object> feed;
  private final Set<Integer> writers = ConcurrentHashMap.newKeySet();
  private final Map<Integer, ActorRef<Object>> sessions = new HashMap<>();
  private final Map<Integer, Tab> attached = new HashMap<>();
  private final Map<Tab, Integer> tabs = new LinkedHashMap<>();
  private final Map<Integer, WaitingHello> waiting = new HashMap<>();
  private final TimerScheduler<Command> timers;
  private final Duration duplicateWait;
  private ClusterState shown;
  private long polls;
  private long spawned;

  static Behavior<Command> create(GatewaySettings settings, GatewayNetwork network, ClusterView view,
      GatewayMetrics metrics) {
    return create(settings, network, view, metrics, DUPLICATE_WAIT);
  }

  /** As above, a hello for a client id in use waiting {@code duplicateWait} (a test waits less). */
  static Behavior<Command> create(GatewaySettings settings, GatewayNetwork network, ClusterView view,
      GatewayMetrics metrics, Duration duplicateWait) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Poll.INSTANCE, Duration.ZERO, POLL);
      return new GatewayActor(ctx, timers, settings, network, view, metrics, duplicateWait);
    }));
  }

  private GatewayActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, GatewaySettings settings,
      GatewayNetwork network, ClusterView view, GatewayMetrics metrics, Duration duplicateWait) {
    super(ctx);
    this.timers = timers;
    this.duplicateWait = duplicateWait;
    this.settings = settings;
    this.network = network;
    this.view = view;
    this.metrics = metrics;
    int readerId = settings.gateway().readerClientId();
    @SuppressWarnings("unchecked")
    ActorRef<Object> feedRef = (ActorRef<Object>) ctx.spawn(
        network.guard(ChatFeed.create(readerId, settings.cluster(), network.directory(), view, writers)), "feed");
    this.feed = feedRef;
    network.register(Address.client(readerId), feed);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FromTab.class, this::fromTab)
        .onMessage(TabClosed.class, this::tabClosed)
        .onMessage(SessionEnded.class, this::sessionEnded)
        .onMessage(WaitOver.class, this::waitOver)
        .onMessageEquals(Poll.INSTANCE, this::poll)
        .build();
  }

  private Behavior<Command> fromTab(FromTab message) {
    Tab tab = message.tab();
    Integer clientId = tabs.get(tab);
    if (clientId != null) {
      sessions.get(clientId).tell(new SessionActor.FromTab(tab, message.request()));
    } else if (message.request() instanceof Hello hello) {
      hello(tab, hello);
    } else if (message.request() instanceof TabRequest.Malformed malformed) {
      tab.send(TabEvents.refused(-1, malformed.reason()));
    } else {
      tab.send(TabEvents.refused(-1, "say hello first: a tab starts with its name"));
    }
    return this;
  }

  private void hello(Tab tab, Hello hello) {
    String problem = settings.rules().problemWithName(hello.name());
    if (problem != null) {
      tab.send(TabEvents.refused(-1, problem));
      return;
    }
    Integer wanted = hello.clientId();
    boolean ours = wanted != null && settings.gateway().hosts(wanted)
        && wanted != settings.gateway().readerClientId();
    if (ours && attached.containsKey(wanted)) {
      if (waiting.containsKey(wanted)) {
        duplicate(tab, wanted);
      } else {
        waiting.put(wanted, new WaitingHello(tab, hello));
        timers.startSingleTimer(tab, new WaitOver(tab, wanted), duplicateWait);
        tab.send(TabEvents.waiting("client id " + wanted + " is in use by another tab: waiting for it to go"));
      }
      return;
    }
    int clientId = ours ? wanted : freeId();
    if (clientId < 0) {
      tab.send(TabEvents.closed("no free chat session: all " + settings.gateway().tabIds()
          + " of this gateway are in use", false));
      return;
    }
    ActorRef<Object> session = sessions.computeIfAbsent(clientId, this::spawnSession);
    metrics.sessionsOpen(sessions.size());
    attached.put(clientId, tab);
    tabs.put(tab, clientId);
    tabsChanged();
    session.tell(new SessionActor.Attach(tab, hello.name(), ours ? hello.pending() : java.util.List.of()));
    feed.tell(new ChatFeed.Subscribe(tab));
    if (shown != null) {
      tab.send(TabEvents.cluster(shown.majority(), shown.up(), settings.replicaCount(), shown.view(),
          shown.leader()));
    }
  }

  /** A duplicated tab carries its original's id and lines: it starts as a new tab instead. */
  private static void duplicate(Tab tab, int clientId) {
    tab.send(TabEvents.closed("client id " + clientId + " is in use by another tab; this tab gets a new one", true));
  }

  private Behavior<Command> waitOver(WaitOver over) {
    WaitingHello still = waiting.get(over.clientId());
    if (still != null && still.tab() == over.tab()) {
      waiting.remove(over.clientId());
      duplicate(over.tab(), over.clientId());
    }
    return this;
  }

  /** A free id of the block, one that never wrote a line first; -1 if every one is taken. */
  private int freeId() {
    int reused = -1;
    for (int id = settings.gateway().firstClientId() + 1; id <= settings.gateway().lastClientId(); id++) {
      if (!sessions.containsKey(id)) {
        if (!writers.contains(id)) {
          return id;
        }
        if (reused < 0) {
          reused = id;
        }
      }
    }
    return reused;
  }

  private ActorRef<Object> spawnSession(int clientId) {
    @SuppressWarnings("unchecked")
    ActorRef<Object> session = (ActorRef<Object>) getContext().spawn(
        network.guard(SessionActor.create(clientId, settings, network.directory(), view, metrics,
            getContext().getSelf())),
        "tab-" + clientId + "-" + (++spawned));
    network.register(Address.client(clientId), session);
    return session;
  }

  private Behavior<Command> tabClosed(TabClosed closed) {
    Integer clientId = tabs.remove(closed.tab());
    feed.tell(new ChatFeed.Unsubscribe(closed.tab()));
    if (clientId != null) {
      attached.remove(clientId, closed.tab());
      sessions.get(clientId).tell(new SessionActor.Detach(closed.tab()));
    }
    tabsChanged();
    waiting.values().removeIf(w -> w.tab() == closed.tab()); // it gave up waiting
    WaitingHello next = clientId == null ? null : waiting.remove(clientId);
    if (next != null) {
      timers.cancel(next.tab());
      hello(next.tab(), next.hello()); // the tab that held its id is gone: a reconnection after all
    }
    return this;
  }

  private Behavior<Command> sessionEnded(SessionEnded ended) {
    if (sessions.get(ended.clientId()) != ended.session()) {
      return this;
    }
    sessions.remove(ended.clientId());
    metrics.sessionsOpen(sessions.size());
    Tab tab = attached.remove(ended.clientId());
    if (tab != null) {
      // It came back just as its session ended: it reconnects and finds a new one.
      tabs.remove(tab);
      tabsChanged();
      feed.tell(new ChatFeed.Unsubscribe(tab));
      tab.close();
    }
    return this;
  }

  private void tabsChanged() {
    view.tabs(tabs.size());
    metrics.tabsOpen(tabs.size());
  }

  private Behavior<Command> poll() {
    for (int replica = 0; replica < settings.replicaCount(); replica++) {
      network.queryStatus(replica);
    }
    long now = System.nanoTime();
    if (++polls % 2 == 0) {
      view.sample(now, System.currentTimeMillis());
    }
    ClusterState state = new ClusterState(view.majority(now), view.replicasUp(now), view.view(), view.leader(now));
    if (!state.equals(shown)) {
      shown = state;
      String frame = TabEvents.cluster(state.majority(), state.up(), settings.replicaCount(), state.view(),
          state.leader());
      tabs.keySet().forEach(tab -> tab.send(frame));
    }
    return this;
  }
}
