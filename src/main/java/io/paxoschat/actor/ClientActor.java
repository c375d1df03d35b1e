package io.paxoschat.actor;

import io.paxoschat.paxos.ChatReader;
import io.paxoschat.paxos.Client;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Shell of a chat client: sends its lines through the core and publishes its progress. A client
 * that reads the chat also runs a {@link ChatReader}, whose lines go to its {@link ChatListener}.
 */
public final class ClientActor extends AbstractBehavior<ClientMessage> {

  private final Client client;
  private final ChatReader reader;
  private final ChatListener listener;
  private final Directory directory;
  private final ClientStatus status;
  /** Lines in flight by their number in the session (seq {@code client.firstSeq() + i - 1}). */
  private final FirstSendTimes firstSent;
  /** Lines handed over one at a time ({@link ClientMessage.Submit}) and not yet sent. */
  private final HandOverTimes handedOver = new HandOverTimes();
  /** Lines the client was given at the start: their commit latency counts from their first send. */
  private final long givenAtStart;
  /** Lines that fall due at a fixed rate, taken as the client handles messages; null for none. */
  private final PacedLines paced;
  private final LongSupplier nanoClock;
  private long acknowledged;

  public static Behavior<ClientMessage> create(
      Client client, Directory directory, Duration tick, ClientStatus status) {
    return create(client, null, null, directory, tick, status);
  }

  /** {@code reader} and {@code listener} may be null: a client that only writes. */
  public static Behavior<ClientMessage> create(
      Client client, ChatReader reader, ChatListener listener, Directory directory, Duration tick,
      ClientStatus status) {
    return create(client, reader, listener, directory, tick, status, System::nanoTime);
  }

  /**
   * A client that sends {@code paced}'s lines as they fall due, from when it joined: those due
   * go out with the next reply, or at once when a {@link ClientMessage.LinesDue} finds it with
   * none in flight.
   */
  public static Behavior<ClientMessage> create(
      Client client, PacedLines paced, Directory directory, Duration tick, ClientStatus status) {
    return create(client, null, null, directory, tick, status, paced, System::nanoTime);
  }

  /** As above, timing commits by {@code nanoClock} (a test's hand-moved clock). */
  static Behavior<ClientMessage> create(
      Client client, ChatReader reader, ChatListener listener, Directory directory, Duration tick,
      ClientStatus status, LongSupplier nanoClock) {
    return create(client, reader, listener, directory, tick, status, null, nanoClock);
  }

  static Behavior<ClientMessage> create(
      Client client, ChatReader reader, ChatListener listener, Directory directory, Duration tick,
      ClientStatus status, PacedLines paced, LongSupplier nanoClock) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(ClientMessage.Tick.INSTANCE, tick);
      return new ClientActor(ctx, client, reader, listener, directory, status, paced, nanoClock);
    }));
  }

  private ClientActor(
      ActorContext<ClientMessage> ctx, Client client, ChatReader reader, ChatListener listener,
      Directory directory, ClientStatus status, PacedLines paced, LongSupplier nanoClock) {
    super(ctx);
    this.nanoClock = nanoClock;
    this.paced = paced;
    this.client = client;
    this.reader = reader;
    this.listener = listener;
    this.directory = directory;
    this.status = status;
    this.firstSent = new FirstSendTimes(client.window());
    this.givenAtStart = client.total();
    carryOut(client.start());
    if (reader != null) {
      read(reader.start());
    }
  }

  @Override
  public Receive<ClientMessage> createReceive() {
    return newReceiveBuilder().onMessage(ClientMessage.class, this::onMessage).build();
  }

  private Behavior<ClientMessage> onMessage(ClientMessage message) {
    if (paced != null) {
      // Before the message: a reply that opens the window then sends what fell due meanwhile.
      takeDueLines();
    }
    if (message instanceof ClientMessage.LinesDue) {
      return this;
    }
    if (message instanceof ClientMessage.Submit) {
      handedOver.handedOver(1, nanoClock.getAsLong());
    } else if (message instanceof ClientMessage.SubmitAll submitAll) {
      handedOver.handedOver(submitAll.texts().size(), nanoClock.getAsLong());
    }
    carryOut(client.handle(message));
    if (reader != null
        && (message instanceof ClientMessage.ChatEntries || message instanceof ClientMessage.Tick)) {
      reader.followLeader(client.view());
      read(reader.handle(message));
    }
    return this;
  }

  private void takeDueLines() {
    int first = paced.taken();
    List<String> due = paced.takeDue(nanoClock.getAsLong());
    if (due.isEmpty()) {
      return;
    }
    for (int i = 0; i < due.size(); i++) {
      handedOver.handedOverAt(paced.dueAt(first + i));
    }
    carryOut(client.handle(new ClientMessage.SubmitAll(due)));
  }

  private void carryOut(List<Effect> effects) {
    long now = nanoClock.getAsLong();
    // Acknowledged lines leave the ring before new ones enter: a reply can acknowledge lines and
    // open the window for as many new ones in one step.
    for (long line = acknowledged + 1; line <= client.acknowledged(); line++) {
      status.recordCommitLatency(line, now - firstSent.acknowledged(line));
    }
    acknowledged = client.acknowledged();
    for (Effect effect : effects) {
      if (effect instanceof Effect.Acknowledged ack) {
        status.acknowledged(ack);
      } else if (effect instanceof Effect.Send send && send.message() instanceof ClientRequest request) {
        for (ChatLine line : request.lines()) {
          // Requests go out only once the client has joined, so firstSeq() is known by then.
          long number = line.seq() - client.firstSeq() + 1;
          if (!firstSent.inFlight(number)) { // a retry keeps its line's first time
            firstSent.sent(number, number > givenAtStart ? handedOver.firstSent() : now);
            status.sent(number, now);
          }
        }
      }
    }
    directory.sendAll(effects);
    if (client.joined() && status.firstSeq() < 0) {
      status.joined(client.firstSeq()); // before the count, so a reader of the count can number lines
      if (paced != null) {
        paced.start(now);
      }
    }
    if (client.superseded()) {
      status.superseded();
    }
    if (client.isClosed()) {
      status.closed();
    }
    status.update(acknowledged, client.retries());
    status.waitingForLines(client.waitingForLines());
  }

  private void read(List<Effect> effects) {
    for (Effect effect : effects) {
      if (effect instanceof Effect.Execute shown) {
        for (ChatLine line : Command.linesOf(shown.command())) {
          listener.chat(shown.slot(), line);
        }
      }
    }
    directory.sendAll(effects);
  }
}
