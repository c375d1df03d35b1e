package io.paxoschat.paxos;

import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.SessionClosed;
import io.paxoschat.paxos.ClientMessage.SessionOpened;
import io.paxoschat.paxos.ClientMessage.Submit;
import io.paxoschat.paxos.ClientMessage.SubmitAll;
import io.paxoschat.paxos.ClientMessage.Tick;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.SessionRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat client. It first opens a session through the log ({@link Command.OpenSession}): where
 * the opening lands fixes, for every replica alike, that its lines number on from the client's
 * last executed one and that no line of an earlier session of the same id executes after it. So
 * a client started again can never have its new lines taken for retries of lines an earlier run
 * left undecided.
 *
 * <p>It then sends its lines in order with up to {@code clientWindow} outstanding, several to a
 * message, to the replica it believes leads; lines handed over while others are in flight wait
 * for the next reply and go out together. A line counts as delivered only when a replica says
 * it executed. When an acknowledgement (or the opening) is overdue, it resends only what is
 * outstanding: first to the replica it believes leads, then to the others one at a time,
 * waiting twice as long after each retry that brought nothing (up to {@link #MAX_BACKOFF} times
 * the retry interval). A follower that sees retries while the log stands still suspects its
 * leader.
 *
 * <p>A reply naming a newer session of this id means another client with the same id opened
 * one: this one is {@link #superseded()} and sends nothing more (none of its unacknowledged
 * lines will execute). So is one whose opening finds a newer session already open.
 *
 * <p>A client that is done {@link #close() closes} its session through the log as well, so no
 * line of it can execute afterwards. One whose session was closed by another process of its id
 * is told so ({@link SessionClosed}) and opens a new session, in which its unacknowledged lines
 * go on in order after the last that executed.
 */
public final class Client {

  /** The longest wait between retries, in retry intervals. */
  static final int MAX_BACKOFF = 8;

  private final int id;
  private final int replicaCount;
  private final ProtocolSettings settings;
  /** The lines given to this client; the line at index i has seq {@code base + 1 + i}. */
  private final ClientLines lines;

  private long now;
  /** Names this client's opening; above that of any earlier session of this id. */
  private long nonce;
  /** The open session, or -1 while opening. */
  private long session = -1;
  private boolean superseded;
  /** The session was open once: a later opening is a reopening, which keeps the numbering. */
  private boolean openedBefore;
  /** The next opening numbers the unacknowledged lines anew, after the id's last executed line. */
  private boolean renumber;
  private boolean closing;
  private boolean closed;
  /** The last seq this id used before this session. */
  private long base;
  private long view;
  /** Seq of the next line never sent. */
  private long nextSeq;
  private long acknowledgedUpTo;
  private long lastSendOrProgress;
  private long retries;
  /** Retry intervals to wait before the next retry; doubles while retries bring nothing. */
  private int backoff = 1;
  /** The replica the next retry goes to. */
  private int retryTarget = -1;

  /**
   * A client that opens its session with {@code nonce}, which must be above the nonce of every
   * earlier session of this id (a clock reading, for a client started again). One that finds a
   * newer session open is {@link #superseded()}.
   */
  public Client(int id, int replicaCount, ProtocolSettings settings, List<String> lines, long nonce) {
    this.id = id;
    this.replicaCount = replicaCount;
    this.settings = settings;
    this.lines = new ClientLines(lines);
    this.nonce = nonce;
  }

  /** A client whose id never had a session before (the first session on a new cluster). */
  public Client(int id, int replicaCount, ProtocolSettings settings, List<String> lines) {
    this(id, replicaCount, settings, lines, 1);
  }

  public List<Effect> start() {
    List<Effect> out = new ArrayList<>();
    lastSendOrProgress = now;
    out.add(new Effect.Send(Address.learner(Ballot.leaderOf(view, replicaCount)), openRequest()));
    return out;
  }

  public List<Effect> handle(ClientMessage message) {
    List<Effect> out = new ArrayList<>();
    if (superseded || closed) {
      return out;
    }
    if (message instanceof ClientReply reply) {
      onReply(reply, out);
    } else if (message instanceof SessionOpened opened) {
      onSessionOpened(opened, out);
    } else if (message instanceof SessionClosed sessionClosed) {
      onSessionClosed(sessionClosed, out);
    } else if (message instanceof Tick) {
      onTick(out);
    } else if (message instanceof ClientMessage.Close) {
      out.addAll(close());
    } else if (message instanceof Submit submit) {
      take(List.of(submit.text()), out);
    } else if (message instanceof SubmitAll submitAll) {
      take(submitAll.texts(), out);
    } else if (!(message instanceof ClientMessage.LinesDue) && !(message instanceof ClientMessage.ChatEntries)) {
      throw new IllegalArgumentException("a client does not handle " + message);
    }
    return out;
  }

  /**
   * Lines handed over: they go out after every line given before, as the window allows. While
   * earlier lines are in flight they wait for the next reply, which sends whatever gathered
   * meanwhile in one request (as Nagle's rule does for small TCP writes): a client handed a line
   * every millisecond then sends one request per round trip, not one per millisecond, and each
   * costs the leader a message in and a slot. A line handed to an idle client goes at once.
   */
  private void take(List<String> texts, List<Effect> out) {
    texts.forEach(lines::add);
    if (isOpen() && !closing && !linesInFlight()) {
      fillWindow(out);
    }
  }

  /**
   * Closes the session: lines not yet sent are never sent, and no line of the session executes
   * after the slot the closing lands in. {@link #isClosed()} once a replica says it is closed.
   */
  public List<Effect> close() {
    List<Effect> out = new ArrayList<>();
    if (closing || superseded) {
      return out;
    }
    closing = true;
    lastSendOrProgress = now;
    if (isOpen()) {
      out.add(new Effect.Send(Address.learner(Ballot.leaderOf(view, replicaCount)), closeRequest()));
    }
    return out;
  }

  private SessionRequest openRequest() {
    return SessionRequest.open(id, nonce);
  }

  private SessionRequest closeRequest() {
    return SessionRequest.close(id, session);
  }

  private void onSessionOpened(SessionOpened opened, List<Effect> out) {
    view = Math.max(view, opened.view());
    if (isOpen() || opened.clientId() != id) {
      return;
    }
    if (opened.nonce() == nonce) {
      session = opened.session();
      if (!openedBefore) {
        base = opened.lastSeq();
        acknowledgedUpTo = base;
      } else if (renumber) {
        // The lines from index (acknowledgedUpTo - base) on go on after the id's last executed line.
        base = opened.lastSeq() - (acknowledgedUpTo - base);
        acknowledgedUpTo = opened.lastSeq();
        renumber = false;
      } else if (!acknowledgeUpTo(opened.lastSeq(), out)) {
        return;
      }
      openedBefore = true;
      nextSeq = acknowledgedUpTo + 1;
      progress();
      if (closing) {
        lastSendOrProgress = now;
        out.add(new Effect.Send(Address.learner(Ballot.leaderOf(view, replicaCount)), closeRequest()));
      } else {
        fillWindow(out);
      }
    } else if (opened.nonce() > nonce) {
      // A newer client of this id opened its session first. Asking above it would start a fight
      // that no two clients of one id can both win: this one gives way, as if superseded.
      superseded = true;
    }
  }

  /**
   * Our session is closed: every line up to {@code lastSeq} executed in it, and none will after.
   * A client that closed it is done; any other opens a new session to send the rest.
   */
  private void onSessionClosed(SessionClosed sessionClosed, List<Effect> out) {
    if (!isOpen() || sessionClosed.clientId() != id || sessionClosed.session() != session) {
      return;
    }
    boolean unknown = sessionClosed.lastSeq() == SessionClosed.UNKNOWN;
    if (!unknown && !acknowledgeUpTo(sessionClosed.lastSeq(), out)) {
      return;
    }
    renumber = unknown;
    if (closing) {
      closed = true;
      return;
    }
    session = -1;
    nonce++; // above the closed session's, which was ours
    lastSendOrProgress = now;
    retryTarget = -1;
    out.add(new Effect.Send(Address.learner(Ballot.leaderOf(view, replicaCount)), openRequest()));
  }

  /**
   * Acknowledges our lines up to {@code lastSeq}, which a replica says executed with all before
   * it, their slots unknown. A seq above any line we sent means another client of this id sent
   * lines: this one gives way, as if superseded, and false is returned.
   */
  private boolean acknowledgeUpTo(long lastSeq, List<Effect> out) {
    if (lastSeq > nextSeq - 1 && lastSeq > acknowledgedUpTo) {
      superseded = true;
      return false;
    }
    for (long seq = acknowledgedUpTo + 1; seq <= lastSeq; seq++) {
      out.add(new Effect.Acknowledged(-1, line(seq)));
    }
    acknowledgedUpTo = Math.max(acknowledgedUpTo, lastSeq);
    lines.forgetBefore(acknowledgedUpTo - base);
    return true;
  }

  private void onReply(ClientReply reply, List<Effect> out) {
    view = Math.max(view, reply.view());
    if (!isOpen() || reply.session() < session) {
      return;
    }
    if (reply.session() > session) {
      superseded = true;
      return;
    }
    long upTo = Math.min(reply.executedUpToSeq(), nextSeq - 1);
    if (upTo > acknowledgedUpTo) {
      for (long seq = acknowledgedUpTo + 1; seq <= upTo; seq++) {
        long slot = reply.slot() >= 0 && seq >= reply.slotFirstSeq() ? reply.slot() : -1;
        out.add(new Effect.Acknowledged(slot, line(seq)));
      }
      acknowledgedUpTo = upTo;
      lines.forgetBefore(acknowledgedUpTo - base);
      progress();
      fillWindow(out);
    }
  }

  private void progress() {
    lastSendOrProgress = now;
    backoff = 1;
    retryTarget = -1;
  }

  private void fillWindow(List<Effect> out) {
    if (closing) {
      return;
    }
    long from = nextSeq;
    while (nextSeq <= base + lines.total() && nextSeq - acknowledgedUpTo <= settings.clientWindow()) {
      nextSeq++;
    }
    if (nextSeq > from) {
      lastSendOrProgress = now;
      send(Ballot.leaderOf(view, replicaCount), from, nextSeq, out);
    }
  }

  /** Lines {@code from} to {@code to - 1} to one replica, as few messages as the size bound allows. */
  private void send(int replica, long from, long to, List<Effect> out) {
    List<ChatLine> chunk = new ArrayList<>();
    int bytes = 0;
    for (long seq = from; seq < to; seq++) {
      ChatLine line = line(seq);
      int size = WireSize.of(line);
      if (!chunk.isEmpty() && (bytes + size > settings.maxBatchBytes() || chunk.size() == settings.maxBatchLines())) {
        out.add(new Effect.Send(Address.learner(replica), new ClientRequest(id, chunk)));
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(line);
      bytes += size;
    }
    if (!chunk.isEmpty()) {
      out.add(new Effect.Send(Address.learner(replica), new ClientRequest(id, chunk)));
    }
  }

  private void onTick(List<Effect> out) {
    now++;
    boolean outstanding = !isOpen() || closing || linesInFlight();
    if (!outstanding || now - lastSendOrProgress < (long) backoff * settings.clientRetryTicks()) {
      return;
    }
    lastSendOrProgress = now;
    retries++;
    int leader = Ballot.leaderOf(view, replicaCount);
    if (retryTarget < 0) {
      retryTarget = leader;
    } else {
      retryTarget = (retryTarget + 1) % replicaCount;
      if (retryTarget == leader) {
        backoff = Math.min(MAX_BACKOFF, backoff * 2); // a full round brought nothing
      }
    }
    if (isOpen() && closing) {
      out.add(new Effect.Send(Address.learner(retryTarget), closeRequest()));
    } else if (isOpen()) {
      send(retryTarget, acknowledgedUpTo + 1, nextSeq, out);
    } else {
      out.add(new Effect.Send(Address.learner(retryTarget), openRequest()));
    }
  }

  private ChatLine line(long seq) {
    return new ChatLine(id, session, seq, lines.get(seq - base - 1));
  }

  /**
   * The session is open and no line is in flight: a line handed over now goes out at once, while
   * one handed over otherwise waits for the next reply.
   */
  public boolean waitingForLines() {
    return isOpen() && !closing && !closed && !superseded && !linesInFlight();
  }

  /** Some line sent is not yet acknowledged. */
  private boolean linesInFlight() {
    return acknowledgedUpTo < nextSeq - 1;
  }

  private boolean isOpen() {
    return session >= 0;
  }

  /** Every line given so far is acknowledged. */
  public boolean isDone() {
    return openedBefore && acknowledgedUpTo - base == lines.total();
  }

  /** {@link #close()} was called. */
  public boolean closing() {
    return closing;
  }

  /** The session is closed, as this client asked ({@link #close()}): it sends nothing more. */
  public boolean isClosed() {
    return closed;
  }

  /** The session is open: lines are numbered and flowing. */
  public boolean joined() {
    return isOpen();
  }

  /**
   * Another client of this id opened a newer session: this one sends nothing more, and its
   * unacknowledged lines will never execute.
   */
  public boolean superseded() {
    return superseded;
  }

  /** How many of this client's lines are acknowledged. */
  public long acknowledged() {
    return openedBefore ? acknowledgedUpTo - base : 0;
  }

  /** The last seq acknowledged; lines of earlier sessions count. */
  public long acknowledgedSeq() {
    return acknowledgedUpTo;
  }

  /** The seq of this client's first line (valid once joined). */
  public long firstSeq() {
    return base + 1;
  }

  /** The open session (-1 while opening). */
  public long session() {
    return session;
  }

  public long nonce() {
    return nonce;
  }

  public int total() {
    return Math.toIntExact(lines.total());
  }

  /** How many lines are held in memory: those not yet acknowledged, and at most as many again. */
  int linesHeld() {
    return lines.held();
  }

  /** The most lines outstanding at once. */
  public int window() {
    return settings.clientWindow();
  }

  public long retries() {
    return retries;
  }

  public long view() {
    return view;
  }
}
