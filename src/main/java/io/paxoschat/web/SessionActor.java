package io.paxoschat.web;

import io.paxoschat.actor.Directory;
import io.paxoschat.metrics.GatewayMetrics;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.ChatEntry;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.LearnerMessage.ReadChat;
import io.paxoschat.paxos.ProtocolSettings;
import io.paxoschat.web.TabRequest.Pending;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One browser tab's chat session on the gateway: the core client under the tab's client id (in
 * a {@link TabSession}), the checks on what the tab says ({@link LineRules}, {@link RateLimit}),
 * and the older history the tab asks for, read from the learners. It outlives its tab's
 * connection by {@link #GRACE}, so a tab that reconnects (a reload, a network blip) finds it, and
 * it stays while lines of its tab are unacknowledged. Then it closes its session in the log
 * (waiting at most {@link #CLOSE_WAIT} for that), so that the replicas need not keep it open.
 */
final class SessionActor extends AbstractBehavior<Object> {

  static final Duration TICK = Duration.ofMillis(50);
  static final Duration GRACE = Duration.ofSeconds(30);
  static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  /** Slots of history per request of a scrolled page, and lines per answer of a learner. */
  static final int HISTORY_SLOTS = 50;
  static final int HISTORY_LINES_PER_READ = 200;
  private static final int HISTORY_RETRY_TICKS = 10;

  record Attach(Tab tab, String name, List<Pending> pending) {}

  record Detach(Tab tab) {}

  record FromTab(Tab tab, TabRequest request) {}

  enum Timer { TICK, GRACE_OVER }

  /** A history request in progress: lines of slots {@code from} up to {@code before}, read forward. */
  private static final class Fetch {
    final long from;
    final long before;
    long cursor;
    int target;
    int sentAtTick;
    final List<ShownLine> lines = new ArrayList<>();

    Fetch(long from, long before, int target) {
      this.from = from;
      this.before = before;
      this.cursor = from;
      this.target = target;
    }
  }

  private final int clientId;
  private final TabSession session;
  private final Directory directory;
  private final GatewaySettings settings;
  private final ClusterView view;
  private final GatewayMetrics metrics;
  private final ActorRef<GatewayActor.Command> gateway;
  private final TimerScheduler<Object> timers;
  private final Map<Long, Long> sentNanos = new HashMap<>();
  private RateLimit rate;
  private Tab tab;
  private String name;
  private List<Pending> toResend = List.of();
  private long reservedUpTo;
  private long acknowledgedShown = -1;
  private long latencyRecordedUpTo;
  private boolean welcomed;
  private boolean closing;
  private Fetch fetch;
  private int ticks;

  static Behavior<Object> create(int clientId, GatewaySettings settings, Directory directory, ClusterView view,
      GatewayMetrics metrics, ActorRef<GatewayActor.Command> gateway) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Timer.TICK, TICK);
      return new SessionActor(ctx, timers, clientId, settings, directory, view, metrics, gateway);
    }));
  }

  private SessionActor(ActorContext<Object> ctx, TimerScheduler<Object> timers, int clientId,
      GatewaySettings settings, Directory directory, ClusterView view, GatewayMetrics metrics,
      ActorRef<GatewayActor.Command> gateway) {
    super(ctx);
    this.timers = timers;
    this.clientId = clientId;
    this.settings = settings;
    this.directory = directory;
    this.view = view;
    this.metrics = metrics;
    this.gateway = gateway;
    this.session = new TabSession(clientId, settings.replicaCount(), settings.sessionProtocol(TICK),
        System.currentTimeMillis());
    this.rate = new RateLimit(settings.linesPerSecond());
    directory.sendAll(session.start());
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(ClientMessage.class, this::fromCluster)
        .onMessageEquals(Timer.TICK, this::tick)
        .onMessageEquals(Timer.GRACE_OVER, this::graceOver)
        .onMessage(Attach.class, this::attach)
        .onMessage(Detach.class, this::detach)
        .onMessage(FromTab.class, this::fromTab)
        .build();
  }

  private Behavior<Object> fromCluster(ClientMessage message) {
    if (message instanceof ClientMessage.ChatEntries answer && session.joined()) {
      onHistory(answer);
      return this;
    }
    carryOut(session.handle(message));
    return this;
  }

  private Behavior<Object> tick() {
    ticks++;
    carryOut(session.handle(ClientMessage.Tick.INSTANCE));
    if (closing && session.closed()) {
      return end();
    }
    if (fetch != null && ticks - fetch.sentAtTick >= HISTORY_RETRY_TICKS) {
      fetch.target = (fetch.target + 1) % settings.replicaCount();
      askHistory();
    }
    return this;
  }

  private void carryOut(List<Effect> effects) {
    directory.sendAll(effects);
    if (session.superseded() && tab != null) {
      send(TabEvents.closed("another session of client id " + clientId + " opened; this tab starts anew", true));
      tab.close();
      return;
    }
    if (!session.joined()) {
      return;
    }
    if (!welcomed && tab != null) {
      welcome();
    }
    long acknowledged = session.acknowledgedSeq();
    long now = System.nanoTime();
    for (long seq = latencyRecordedUpTo + 1; seq <= acknowledged; seq++) {
      Long sent = sentNanos.remove(seq);
      if (sent != null) {
        view.latency(now - sent);
        metrics.acknowledged(now - sent);
      }
    }
    latencyRecordedUpTo = Math.max(latencyRecordedUpTo, acknowledged);
    if (tab != null && welcomed && acknowledged > acknowledgedShown) {
      acknowledgedShown = acknowledged;
      send(TabEvents.acknowledged(acknowledged));
    }
  }

  /** The session joined, or a tab came (back) to a joined session. */
  private void welcome() {
    welcomed = true;
    long maxPending = toResend.stream().mapToLong(Pending::seq).max().orElse(0);
    // Seqs given out for lines the tab never kept (it lost the answer) were never sent: free again.
    reservedUpTo = Math.max(session.nextSeq() - 1, maxPending);
    acknowledgedShown = session.acknowledgedSeq();
    send(TabEvents.welcome(clientId, name, acknowledgedShown, settings.rules(), settings.linesPerSecond()));
    List<Pending> resend = new ArrayList<>(toResend);
    toResend = List.of();
    resend.sort(Comparator.comparingLong(Pending::seq));
    for (Pending line : resend) {
      sendLine(line.seq(), line.text(), -1);
    }
  }

  private Behavior<Object> attach(Attach attach) {
    if (closing) {
      // Too late: the session is closing. The gateway closes the tab, which comes back to a new one.
      return end();
    }
    timers.cancel(Timer.GRACE_OVER);
    tab = attach.tab();
    name = attach.name();
    toResend = List.copyOf(attach.pending());
    rate = new RateLimit(settings.linesPerSecond());
    welcomed = false;
    if (session.joined()) {
      welcome();
    }
    return this;
  }

  private Behavior<Object> detach(Detach detach) {
    if (detach.tab() == tab) {
      tab = null;
      welcomed = false;
      fetch = null;
      timers.startSingleTimer(Timer.GRACE_OVER, GRACE);
    }
    return this;
  }

  private Behavior<Object> graceOver() {
    if (tab != null) {
      return this;
    }
    if (closing) {
      return end(); // no answer to the closing in time: the session stays open until the id opens another
    }
    if (session.joined() && session.acknowledgedSeq() < session.nextSeq() - 1) {
      timers.startSingleTimer(Timer.GRACE_OVER, GRACE); // its lines still count: see them through
      return this;
    }
    if (session.joined() && !session.superseded()) {
      closing = true;
      carryOut(session.close());
      timers.startSingleTimer(Timer.GRACE_OVER, CLOSE_WAIT);
      return this;
    }
    return end();
  }

  private Behavior<Object> end() {
    gateway.tell(new GatewayActor.SessionEnded(clientId, getContext().getSelf()));
    return Behaviors.stopped();
  }

  private Behavior<Object> fromTab(FromTab message) {
    if (message.tab() != tab) {
      return this;
    }
    TabRequest request = message.request();
    if (request instanceof TabRequest.Say say) {
      say(say);
    } else if (request instanceof TabRequest.Send line) {
      if (session.joined() && welcomed) {
        sendLine(line.seq(), line.text(), -1);
      } else {
        List<Pending> later = new ArrayList<>(toResend);
        later.add(new Pending(line.seq(), line.text()));
        toResend = later;
      }
    } else if (request instanceof TabRequest.History history) {
      history(history.before());
    } else if (request instanceof TabRequest.Malformed malformed) {
      send(TabEvents.refused(-1, malformed.reason()));
    } else {
      send(TabEvents.refused(-1, "hello: this tab said hello already"));
    }
    return this;
  }

  private void say(TabRequest.Say say) {
    if (!session.joined() || !welcomed) {
      send(TabEvents.refused(say.ref(), "not in the chat yet: the gateway is still asking the replicas"
          + " where this tab's lines stand"));
      return;
    }
    String problem = settings.rules().problemWithLine(name, say.text());
    if (problem == null && !rate.tryTake(System.nanoTime())) {
      problem = "too fast: at most " + rate.perSecond() + " lines a second";
    }
    if (problem != null) {
      send(TabEvents.refused(say.ref(), problem));
      return;
    }
    reservedUpTo++;
    send(TabEvents.numbered(say.ref(), reservedUpTo));
  }

  private void sendLine(long seq, String text, long ref) {
    String problem = settings.rules().problemWithLine(name, text);
    if (problem != null) {
      send(TabEvents.refused(ref, problem));
      return;
    }
    List<Effect> effects = new ArrayList<>();
    try {
      if (session.send(seq, ChatText.line(name, text), effects)) {
        sentNanos.put(seq, System.nanoTime());
        metrics.lineSent();
      }
    } catch (IllegalArgumentException e) {
      send(TabEvents.refused(ref, "line " + seq + " not sent: " + e.getMessage()));
      return;
    }
    carryOut(effects);
  }

  private void history(long before) {
    if (fetch != null || before <= 0) {
      return; // one at a time; the page asks again when it scrolls again
    }
    fetch = new Fetch(Math.max(0, before - HISTORY_SLOTS), before,
        Ballot.leaderOf(session.view(), settings.replicaCount()));
    askHistory();
  }

  private void askHistory() {
    fetch.sentAtTick = ticks;
    directory.send(Address.learner(fetch.target), new ReadChat(clientId, fetch.cursor, HISTORY_LINES_PER_READ));
  }

  private void onHistory(ClientMessage.ChatEntries answer) {
    if (fetch == null || answer.fromSlot() != fetch.cursor) {
      return; // an answer to an earlier question
    }
    for (ChatEntry entry : answer.entries()) {
      if (entry.slot() >= fetch.cursor && entry.slot() < fetch.before) {
        fetch.lines.add(ChatFeed.shown(settings.cluster(), entry));
      }
    }
    boolean stalled = answer.nextSlot() <= answer.fromSlot();
    fetch.cursor = Math.min(answer.nextSlot(), fetch.before);
    if (fetch.cursor >= fetch.before || stalled) {
      send(TabEvents.history(fetch.from, fetch.before, fetch.lines));
      fetch = null;
    } else {
      askHistory();
    }
  }

  private void send(String frame) {
    if (tab != null && !tab.send(frame)) {
      tab = null; // it did not keep up and was closed; it reconnects
      welcomed = false;
      timers.startSingleTimer(Timer.GRACE_OVER, GRACE);
    }
  }
}
