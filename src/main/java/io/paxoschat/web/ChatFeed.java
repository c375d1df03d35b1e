package io.paxoschat.web;

import io.paxoschat.actor.Directory;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.paxos.ChatEntry;
import io.paxoschat.paxos.ChatReader;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Effect;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The gateway's one reader of the committed chat (a {@link ChatReader} under the gateway's own
 * client id): it follows the log in slot order and passes every line to every tab, keeping the
 * last {@link #RECENT} for tabs that open later. Older lines come from the learners
 * ({@link SessionActor} asks them).
 */
final class ChatFeed extends AbstractBehavior<Object> {

  static final int RECENT = 200;
  /** How often it asks a learner for news when the last answer had none, and how long it waits for one. */
  static final Duration TICK = Duration.ofMillis(10);
  private static final int RETRY_TICKS = 50;

  record Subscribe(Tab tab) {}

  record Unsubscribe(Tab tab) {}

  private enum Tick { INSTANCE }

  private final ChatReader reader;
  private final Directory directory;
  private final ClusterConfig config;
  private final ClusterView view;
  private final ArrayDeque<ShownLine> recent = new ArrayDeque<>();
  private final Set<Tab> tabs = new LinkedHashSet<>();
  /** Every client id whose lines it saw, shared with the gateway, which hands out unused ids first. */
  private final Set<Integer> writers;

  static Behavior<Object> create(int readerId, ClusterConfig config, Directory directory, ClusterView view,
      Set<Integer> writers) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      // At a fixed rate: a fixed delay waits for the scheduler's next tick after it, and a node's
      // scheduler ticks every 10 ms (SchedulerTick), which made it a poll every 20 ms. A late poll
      // only asks again sooner.
      timers.startTimerAtFixedRate(Tick.INSTANCE, TICK);
      return new ChatFeed(ctx, readerId, config, directory, view, writers);
    }));
  }

  private ChatFeed(ActorContext<Object> ctx, int readerId, ClusterConfig config, Directory directory,
      ClusterView view, Set<Integer> writers) {
    super(ctx);
    this.writers = writers;
    this.reader = new ChatReader(readerId, config.replicaCount(), 1, RETRY_TICKS);
    this.directory = directory;
    this.config = config;
    this.view = view;
    directory.sendAll(reader.start());
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(ClientMessage.ChatEntries.class, this::read)
        .onMessageEquals(Tick.INSTANCE, () -> read(ClientMessage.Tick.INSTANCE))
        .onMessage(Subscribe.class, this::subscribe)
        .onMessage(Unsubscribe.class, m -> {
          tabs.remove(m.tab());
          return this;
        })
        .build();
  }

  private Behavior<Object> subscribe(Subscribe subscribe) {
    if (subscribe.tab().send(TabEvents.chat(List.copyOf(recent)))) {
      tabs.add(subscribe.tab());
    }
    return this;
  }

  private Behavior<Object> read(ClientMessage message) {
    long slotBefore = reader.nextSlot();
    List<Effect> effects = reader.handle(message);
    List<ShownLine> lines = new ArrayList<>();
    Set<Long> slotsWithLines = new HashSet<>();
    for (Effect effect : effects) {
      if (effect instanceof Effect.Execute shown) {
        for (ChatLine line : Command.linesOf(shown.command())) {
          lines.add(shown(config, new ChatEntry(shown.slot(), line)));
          slotsWithLines.add(shown.slot());
          writers.add(line.clientId());
        }
      }
    }
    directory.sendAll(effects);
    long slots = reader.nextSlot() - slotBefore;
    if (slots > 0) {
      view.committed(slots, lines.size(), slotsWithLines.size());
    }
    if (!lines.isEmpty()) {
      for (ShownLine line : lines) {
        recent.addLast(line);
        if (recent.size() > RECENT) {
          recent.removeFirst();
        }
      }
      String frame = TabEvents.chat(lines);
      tabs.removeIf(tab -> !tab.send(frame));
    }
    return this;
  }

  /** A line as pages show it: a gateway tab's line carries the speaker's name. */
  static ShownLine shown(ClusterConfig config, ChatEntry entry) {
    ChatLine line = entry.line();
    ChatText said = config.gatewayHosting(line.clientId()) != null
        ? ChatText.parse(line.text()) : new ChatText(null, line.text());
    return new ShownLine(entry.slot(), line.clientId(), line.seq(), said.name(), said.text());
  }
}
