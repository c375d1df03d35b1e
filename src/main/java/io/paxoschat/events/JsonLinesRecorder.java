package io.paxoschat.events;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.Message;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProposerMessage.SuspectLeader;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import io.paxoschat.paxos.WireMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The recorder that keeps a run's events and writes them as JSON lines: one {@code run} line
 * (the header), the events, and one {@code end} line (counts and what the command adds, such as
 * the verdict).
 *
 * <p>Bounded and cheap: frequent messages are sampled by a number they carry ({@link Sampling}),
 * each {@link EventKind} keeps at most its budget (past it, events are only counted), and events
 * go to a fixed array that one writer drains; recording takes no lock. Counts in the end line
 * are exact whatever was kept.
 *
 * <p>It also derives protocol events from the messages it sees, since the shells carry out
 * effects and never ask the core: a replica's view changes (the highest ballot it sends or
 * receives), a batch proposed (a leader's first Accept of a slot in its ballot), a slot decided
 * (a leader's first Decision of it), a line acknowledged and its commit latency (a client's first
 * request for a seq to the reply that covers it).
 */
public final class JsonLinesRecorder implements EventRecorder {

  /** Commit latency is summed up per window of this many microseconds. */
  public static final long LATENCY_WINDOW_MICROS = 50_000;
  private static final int MAX_NODES = 256;
  /**
   * Replicas' counters that their threads update on every message sit a cache line apart: side by
   * side, each update took the line away from the cores running the other replicas.
   */
  private static final int PADDING = 16;

  /**
   * One kept event; which fields mean something depends on the kind. {@code subject} is the
   * message or command the event is about: its type, key, ballot and description are read off
   * it by the writer, not on the actor thread that recorded it (messages are immutable).
   */
  private record Event(long t, EventKind kind, String node, String from, String to, String type,
      long slot, long view, String key, String detail, long number, Map<String, Object> extra, Object subject) {

    Event(long t, EventKind kind, String node, String from, String to, String type,
        long slot, long view, String key, String detail, long number, Map<String, Object> extra) {
      this(t, kind, node, from, to, type, slot, view, key, detail, number, extra, null);
    }
  }

  private final EventClock clock;
  private final Sampling sampling;
  private final OutputStream out;
  /** The line the writer formats an event into; used under {@link #writeLock}. */
  private final Utf8Line line = new Utf8Line();
  private final StringBuilder description = new StringBuilder();
  private final StringBuilder keyText = new StringBuilder();
  private final AtomicReferenceArray<Event> kept = new AtomicReferenceArray<>(EventKind.totalBudget());
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicIntegerArray keptByKind = new AtomicIntegerArray(EventKind.values().length);
  private final LongAdder[] seenByKind = new LongAdder[EventKind.values().length];
  private final Map<DropCause, LongAdder> dropsByCause = new EnumMap<>(DropCause.class);
  private final LongAdder sampledOut = new LongAdder();
  private final LongAdder overBudget = new LongAdder();
  private final LongAdder fsyncNanos = new LongAdder();
  private final AtomicLong fsyncMaxNanos = new AtomicLong();
  private final AtomicLongArray viewOf = new AtomicLongArray(MAX_NODES);
  private final AtomicLongArray leadingOf = new AtomicLongArray(MAX_NODES);
  private final AtomicReferenceArray<String> reasonOf = new AtomicReferenceArray<>(MAX_NODES);
  private final AtomicIntegerArray down = new AtomicIntegerArray(MAX_NODES);
  /** Per replica: messages its roles sent each other that name no sender and are not yet received. */
  private final AtomicIntegerArray localUnnamed = new AtomicIntegerArray(MAX_NODES * PADDING);
  private final ProposerTrack[] proposers = new ProposerTrack[MAX_NODES];
  private final ClientTrack[] clients = new ClientTrack[MAX_NODES];
  private final LatencyWindows latency = new LatencyWindows();
  private final Object writeLock = new Object();
  private final ScheduledExecutorService flusher;
  private int written;
  private boolean closed;

  private JsonLinesRecorder(OutputStream out, EventClock clock, Sampling sampling, Duration flushEvery) {
    this.out = out;
    this.clock = clock;
    this.sampling = sampling;
    for (int i = 0; i < seenByKind.length; i++) {
      seenByKind[i] = new LongAdder();
    }
    for (DropCause cause : DropCause.values()) {
      dropsByCause.put(cause, new LongAdder());
    }
    for (int i = 0; i < MAX_NODES; i++) {
      viewOf.set(i, -1);
      leadingOf.set(i, -1);
      proposers[i] = new ProposerTrack();
      clients[i] = new ClientTrack();
    }
    if (flushEvery == null) {
      flusher = null;
    } else {
      flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "event-record-writer");
        thread.setDaemon(true);
        return thread;
      });
      flusher.scheduleWithFixedDelay(this::flushQuietly, flushEvery.toMillis(), flushEvery.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** Records into {@code file}, written when {@link #close} is called: for a short run on one thread. */
  public static JsonLinesRecorder open(Path file, EventClock clock, Sampling sampling) {
    return new JsonLinesRecorder(writer(file, false), clock, sampling, null);
  }

  /**
   * Records into {@code file}, written by a thread of its own every {@code flushEvery}, so that
   * the events a long run keeps do not stay in memory (where a garbage collector would copy them
   * again and again).
   */
  public static JsonLinesRecorder openWriting(Path file, EventClock clock, Sampling sampling, Duration flushEvery) {
    return new JsonLinesRecorder(writer(file, false), clock, sampling, flushEvery);
  }

  /**
   * Records at the end of {@code file}, written every {@code flushEvery} as well, so that a
   * process that is killed leaves most of its record behind, and one started again (a restarted
   * replica) adds its record to its earlier incarnation's.
   */
  public static JsonLinesRecorder openFlushing(Path file, EventClock clock, Sampling sampling, Duration flushEvery) {
    return new JsonLinesRecorder(writer(file, true), clock, sampling, flushEvery);
  }

  private static OutputStream writer(Path file, boolean append) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      OutputStream stream = append
          ? Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
          : Files.newOutputStream(file);
      return new BufferedOutputStream(stream, 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the event record " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean on() {
    return true;
  }

  @Override
  public void header(Map<String, Object> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("k", "run");
    line.put("t", clock.micros());
    line.put("clock", clock.virtual() ? "virtual" : "wall");
    line.put("sampling", Map.of("full", sampling.full(), "stride", sampling.stride()));
    line.putAll(fields);
    writeLine(line);
  }

  // ---- messages ---------------------------------------------------------------------------

  @Override
  public void sent(Address from, Address to, Message message) {
    deriveOnSend(from, message);
    if (!(message instanceof WireMessage)) {
      return;
    }
    if (Lanes.local(from, to)) {
      if (MessageInfo.sender(message) == null && to.id() < MAX_NODES) {
        localUnnamed.incrementAndGet(to.id() * PADDING);
      }
      return;
    }
    message(EventKind.SEND, Lanes.of(from), Lanes.of(from), Lanes.of(to), message, null);
  }

  @Override
  public void received(Address from, Address to, Message message) {
    Address sender = from != null ? from : MessageInfo.sender(message);
    deriveOnReceive(to, message);
    if (!(message instanceof WireMessage) || sender != null && Lanes.local(sender, to)
        || sender == null && fromWithin(to)) {
      return;
    }
    message(EventKind.RECV, Lanes.of(to), sender == null ? null : Lanes.of(sender), Lanes.of(to), message, null);
  }

  @Override
  public void dropped(Address from, Address to, Object message, DropCause cause) {
    dropsByCause.get(cause).increment();
    Address sender = from != null ? from : MessageInfo.sender(message);
    if (sender == null && to != null && cause != DropCause.STRANGER) {
      fromWithin(to); // perhaps one its own roles sent: it will not be received either
    }
    String fromLane = cause == DropCause.STRANGER ? "stranger" : sender == null ? null : Lanes.of(sender);
    message(EventKind.DROP, to == null ? null : Lanes.of(to), fromLane,
        to == null ? null : Lanes.of(to), message, cause.json());
  }

  /**
   * A receipt whose message names no sender is taken for one of the messages the receiver's own
   * roles sent it (not recorded, as they never leave the replica) while any are outstanding:
   * a shell sees no sender, and counting is enough to leave those receipts out.
   */
  private boolean fromWithin(Address to) {
    if (to.role() == Address.Role.CLIENT || to.id() >= MAX_NODES) {
      return false;
    }
    int pending;
    while ((pending = localUnnamed.get(to.id() * PADDING)) > 0) {
      if (localUnnamed.compareAndSet(to.id() * PADDING, pending, pending - 1)) {
        return true;
      }
    }
    return false;
  }

  /** Counts a message event and, if sampling and the budget keep it, records it: the time is read only then. */
  private void message(EventKind kind, String node, String from, String to, Object message, String detail) {
    seen(kind);
    if (!MessageInfo.sampledIn(message, sampling)) {
      sampledOut.increment();
      return;
    }
    if (full(kind)) {
      return;
    }
    keep(new Event(clock.micros(), kind, node, from, to, null, MessageInfo.slot(message), -1, null, detail,
        Long.MIN_VALUE, null, message));
  }

  // ---- what the shells carry out ----------------------------------------------------------

  @Override
  public void executed(int replica, long slot, Command command) {
    seen(EventKind.EXEC);
    boolean noop = MessageInfo.isNoop(command);
    if (!noop && !sampling.keeps(slot)) {
      sampledOut.increment();
      return;
    }
    keep(new Event(clock.micros(), EventKind.EXEC, Lanes.replica(replica), null, null, null, slot, -1, null,
        null, Long.MIN_VALUE, null, command));
  }

  @Override
  public void fsynced(int replica, String file, long nanos) {
    seen(EventKind.FSYNC);
    fsyncNanos.add(nanos);
    fsyncMaxNanos.accumulateAndGet(nanos, Math::max);
    keep(new Event(clock.micros(), EventKind.FSYNC, Lanes.replica(replica), null, null, null, -1, -1, null, file,
        nanos / 1000, null));
  }

  @Override
  public void crashed(int replica, String cause) {
    if (replica < MAX_NODES && !down.compareAndSet(replica, 0, 1)) {
      return; // one crash, however many of its roles report it
    }
    seen(EventKind.CRASH);
    keep(new Event(clock.micros(), EventKind.CRASH, Lanes.replica(replica), null, null, null, -1, -1, null, cause,
        Long.MIN_VALUE, null));
  }

  @Override
  public void restarted(int replica, long slotsOnDisk) {
    if (replica < MAX_NODES) {
      down.set(replica, 0);
      leadingOf.set(replica, -1);
    }
    seen(EventKind.RESTART);
    keep(new Event(clock.micros(), EventKind.RESTART, Lanes.replica(replica), null, null, null, -1, -1, null, null,
        slotsOnDisk, null));
  }

  @Override
  public void note(String lane, String text) {
    seen(EventKind.NOTE);
    keep(new Event(clock.micros(), EventKind.NOTE, lane, null, null, null, -1, -1, null, text, Long.MIN_VALUE, null));
  }

  @Override
  public void violation(String invariant, String detail) {
    seen(EventKind.VIOLATION);
    keep(new Event(clock.micros(), EventKind.VIOLATION, null, null, null, invariant, -1, -1, null, detail,
        Long.MIN_VALUE, null));
  }

  // ---- protocol events read off messages --------------------------------------------------

  private void deriveOnSend(Address from, Message message) {
    if (from.role() == Address.Role.CLIENT) {
      if (message instanceof ClientRequest request && from.id() < MAX_NODES && !request.lines().isEmpty()) {
        List<Command.ChatLine> lines = request.lines(); // consecutive seqs, leaving together
        clients[from.id()].sent(lines.get(0).seq(), lines.get(lines.size() - 1).seq(), clock.micros());
      }
      return;
    }
    int id = from.id();
    if (id >= MAX_NODES) {
      return;
    }
    if (message instanceof SuspectLeader suspect) {
      reasonOf.set(id, "its learner found a gap nobody filled in view " + suspect.view());
    } else if (message instanceof ViewChangeVote vote) {
      reasonOf.set(id, "it voted for view " + vote.view());
    }
    Ballot ballot = MessageInfo.ballot(message);
    if (ballot != null) {
      if (message instanceof Prepare) {
        String reason = reasonOf.getAndSet(id, null);
        raiseView(id, ballot.round(), "candidate", "sent Prepare " + ballot + (reason == null ? "" : " after " + reason));
      } else if ((message instanceof Heartbeat || message instanceof Accept) && ballot.leaderId() == id) {
        long leading = leadingOf.get(id);
        if (ballot.round() > leading && leadingOf.compareAndSet(id, leading, ballot.round())) {
          raiseView(id, ballot.round(), "leader", "leads");
          view(id, ballot.round(), "leader", "its phase 1 succeeded: it leads view " + ballot.round());
        }
      }
    }
    if (from.role() == Address.Role.PROPOSER) {
      if (message instanceof Accept accept) {
        if (proposers[id].proposed(accept.ballot(), accept.slot())) {
          derived(EventKind.PROPOSE, id, accept.slot(), accept.ballot().round(), accept.command());
        }
      } else if (message instanceof Decision decision) {
        if (proposers[id].decided(decision.slot())) {
          derived(EventKind.DECIDE, id, decision.slot(), viewOf.get(id), decision.command());
        }
      }
    }
  }

  private void deriveOnReceive(Address to, Message message) {
    if (to.role() == Address.Role.CLIENT) {
      if (message instanceof ClientReply reply && to.id() < MAX_NODES) {
        clients[to.id()].acknowledged(to.id(), reply.executedUpToSeq());
      }
      return;
    }
    int id = to.id();
    if (id >= MAX_NODES) {
      return;
    }
    if (message instanceof ViewChangeVote vote) {
      reasonOf.set(id, "replica " + vote.voterId() + " voted for view " + vote.view());
    }
    Ballot ballot = MessageInfo.ballot(message);
    if (ballot != null && ballot.round() > viewOf.get(id) && (message instanceof Prepare || message instanceof Accept
        || message instanceof Heartbeat || message instanceof Rejected)) {
      raiseView(id, ballot.round(), "follower", "received " + MessageInfo.type(message) + " " + ballot);
    }
    if (message instanceof CatchUpReply reply && !reply.decisions().isEmpty()) {
      seen(EventKind.CATCHUP);
      keep(new Event(clock.micros(), EventKind.CATCHUP, Lanes.replica(id), null, null, null, reply.decisions().get(0).slot(), -1,
          null, reply.decisions().size() + " slots", reply.decisions().size(), null));
    }
  }

  private void raiseView(int replica, long round, String role, String cause) {
    long current;
    while ((current = viewOf.get(replica)) < round) {
      if (viewOf.compareAndSet(replica, current, round)) {
        if (!role.equals("leader")) {
          view(replica, round, role, cause);
        }
        return;
      }
    }
  }

  private void view(int replica, long round, String role, String cause) {
    seen(EventKind.VIEW);
    keep(new Event(clock.micros(), EventKind.VIEW, Lanes.replica(replica), null, null, role, -1, round, null, cause,
        Long.MIN_VALUE, null));
  }

  private void derived(EventKind kind, int replica, long slot, long view, Command command) {
    seen(kind);
    boolean noop = MessageInfo.isNoop(command);
    if (!noop && !sampling.keeps(slot)) {
      sampledOut.increment();
      return;
    }
    keep(new Event(clock.micros(), kind, Lanes.replica(replica), null, null, null, slot, view, null,
        null, Long.MIN_VALUE, null, command));
  }

  /** A leader's proposals and decisions so far; touched only by that replica's proposer. */
  private static final class ProposerTrack {
    private Ballot ballot = Ballot.NONE;
    private final BitSet proposedInBallot = new BitSet();
    private final BitSet decided = new BitSet();

    boolean proposed(Ballot in, long slot) {
      if (slot > Integer.MAX_VALUE) {
        return false;
      }
      if (!in.equals(ballot)) {
        ballot = in;
        proposedInBallot.clear();
      }
      if (proposedInBallot.get((int) slot)) {
        return false;
      }
      proposedInBallot.set((int) slot);
      return true;
    }

    boolean decided(long slot) {
      if (slot > Integer.MAX_VALUE || decided.get((int) slot)) {
        return false;
      }
      decided.set((int) slot);
      return true;
    }
  }

  /**
   * When a client first sent its lines that are not acknowledged yet, and how far it is
   * acknowledged; touched only by that client. A request's lines leave together, so they are kept
   * as runs of seqs sent at one time: recording costs the same per request whatever its size, the
   * lines of a run share their commit latency, and memory is bounded by the lines in flight.
   */
  private final class ClientTrack {
    private boolean started;
    private long highestSent;
    private long acknowledgedUpTo;
    /** Runs of first sends, oldest first: seqs {@code runFrom[i]..runTo[i]} left at {@code runAt[i]}. */
    private long[] runFrom = new long[16];
    private long[] runTo = new long[16];
    private long[] runAt = new long[16];
    private int head;
    private int runs;

    /** Seqs {@code firstSeq..lastSeq} were sent at {@code t}; those sent before (retries) keep their first time. */
    void sent(long firstSeq, long lastSeq, long t) {
      if (!started) {
        started = true;
        highestSent = firstSeq - 1;
        acknowledgedUpTo = firstSeq - 1;
      }
      long from = Math.max(firstSeq, Math.max(highestSent, acknowledgedUpTo) + 1);
      if (from > lastSeq) {
        return;
      }
      highestSent = lastSeq;
      if (runs == runFrom.length) {
        grow();
      }
      int tail = (head + runs) % runFrom.length;
      runFrom[tail] = from;
      runTo[tail] = lastSeq;
      runAt[tail] = t;
      runs++;
    }

    private void grow() {
      long[][] arrays = {runFrom, runTo, runAt};
      for (int a = 0; a < arrays.length; a++) {
        long[] grown = new long[2 * runFrom.length];
        for (int i = 0; i < runs; i++) {
          grown[i] = arrays[a][(head + i) % runFrom.length];
        }
        arrays[a] = grown;
      }
      runFrom = arrays[0];
      runTo = arrays[1];
      runAt = arrays[2];
      head = 0;
    }

    void acknowledged(int client, long upToSeq) {
      if (!started || upToSeq <= acknowledgedUpTo) {
        return;
      }
      long t = clock.micros();
      long acks = 0;
      long sampled = 0;
      // One reply acknowledges a whole batch of lines: one lock and one count for all of them.
      synchronized (latency) {
        while (runs > 0 && runFrom[head] <= upToSeq) {
          long from = Math.max(runFrom[head], acknowledgedUpTo + 1);
          long to = Math.min(runTo[head], upToSeq);
          long latencyMicros = t - runAt[head];
          if (from <= to) {
            latency(t, latencyMicros, to - from + 1);
            acks += to - from + 1;
            long kept = 0;
            for (long seq = sampling.nextKeptSeq(from); seq <= to; seq = sampling.nextKeptSeq(seq + 1)) {
              keep(new Event(t, EventKind.ACK, Lanes.client(client), null, null, null, seq, -1, null, null,
                  latencyMicros, null));
              kept++;
            }
            sampled += to - from + 1 - kept;
          }
          if (to >= runTo[head]) {
            head = (head + 1) % runFrom.length;
            runs--;
          } else {
            runFrom[head] = to + 1;
          }
        }
      }
      seenByKind[EventKind.ACK.ordinal()].add(acks);
      sampledOut.add(sampled);
      acknowledgedUpTo = upToSeq;
    }
  }

  private void latency(long t, long latencyMicros, long lines) {
    Event window = latency.add(t, latencyMicros, lines);
    if (window != null) {
      keep(window);
    }
  }

  /** Commit latencies of all clients, summed up per window of time. */
  private final class LatencyWindows {
    private long window = Long.MIN_VALUE;
    private final Histogram histogram = new Histogram(3_600_000_000L, 2);

    /** Adds the latency of {@code lines} lines; returns the event of the window it closed, if any. */
    synchronized Event add(long t, long latencyMicros, long lines) {
      long w = t / LATENCY_WINDOW_MICROS;
      Event closedWindow = null;
      if (w != window) {
        closedWindow = drain();
        window = w;
      }
      histogram.recordValueWithCount(Math.max(0, Math.min(latencyMicros, histogram.getHighestTrackableValue())), lines);
      return closedWindow;
    }

    synchronized Event drain() {
      if (histogram.getTotalCount() == 0) {
        return null;
      }
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("lines", histogram.getTotalCount());
      extra.put("p50", histogram.getValueAtPercentile(50));
      extra.put("p99", histogram.getValueAtPercentile(99));
      extra.put("max", histogram.getMaxValue());
      histogram.reset();
      seen(EventKind.ACKS);
      return new Event(window * LATENCY_WINDOW_MICROS, EventKind.ACKS, null, null, null, null, -1, -1, null, null,
          Long.MIN_VALUE, extra);
    }
  }

  // ---- keeping and writing ----------------------------------------------------------------

  private void seen(EventKind kind) {
    seenByKind[kind.ordinal()].increment();
  }

  /** Whether {@code kind} used up its budget: then the event is only counted, and not even built. */
  private boolean full(EventKind kind) {
    if (keptByKind.get(kind.ordinal()) >= kind.budget()) {
      overBudget.increment();
      return true;
    }
    return false;
  }

  private void keep(Event event) {
    if (keptByKind.incrementAndGet(event.kind().ordinal()) > event.kind().budget()) {
      overBudget.increment();
      return;
    }
    kept.set(next.getAndIncrement(), event);
  }

  @Override
  public void flush() {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      try {
        Event event;
        while (written < kept.length() && (event = kept.get(written)) != null) {
          line.clear();
          format(event, line);
          line.ascii('\n');
          line.writeTo(out);
          kept.set(written, null); // written: memory is bounded by what waits, not by the run
          written++;
        }
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the event record: " + e.getMessage(), e);
      }
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      // A full disk must not stop the node; the record just ends early.
    }
  }

  @Override
  public void close(Map<String, Object> fields) {
    if (flusher != null) {
      flusher.shutdownNow();
    }
    Event lastWindow = latency.drain();
    if (lastWindow != null) {
      keep(lastWindow);
    }
    flush();
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("k", "end");
    line.put("t", clock.micros());
    Map<String, Object> counts = new LinkedHashMap<>();
    for (EventKind kind : EventKind.values()) {
      counts.put(kind.json(), seenByKind[kind.ordinal()].sum());
    }
    line.put("counts", counts);
    Map<String, Object> drops = new LinkedHashMap<>();
    dropsByCause.forEach((cause, count) -> drops.put(cause.json(), count.sum()));
    line.put("drops", drops);
    line.put("sampled_out", sampledOut.sum());
    line.put("over_budget", overBudget.sum());
    line.put("fsync_micros_total", fsyncNanos.sum() / 1000);
    line.put("fsync_micros_max", fsyncMaxNanos.get() / 1000);
    line.putAll(fields);
    writeLine(line);
    synchronized (writeLock) {
      closed = true;
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the event record: " + e.getMessage(), e);
      }
    }
  }

  private void writeLine(Map<String, Object> fields) {
    StringBuilder text = new StringBuilder(256);
    Json.object(text, fields);
    text.append('\n');
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the event record: " + e.getMessage(), e);
      }
    }
  }

  private void format(Event e, Utf8Line line) {
    String type = e.type();
    long view = e.view();
    CharSequence key = e.key();
    CharSequence detail = e.detail();
    if (e.subject() instanceof Command command) {
      detail = describe(command);
    } else if (e.subject() != null) {
      Object message = e.subject();
      type = MessageInfo.type(message);
      Ballot ballot = MessageInfo.ballot(message);
      view = ballot == null ? -1 : ballot.round();
      keyText.setLength(0);
      MessageInfo.key(message, keyText);
      key = keyText;
      Command command = MessageInfo.command(message);
      if (detail == null && command != null) {
        detail = describe(command);
      }
    }
    line.ascii("{\"t\":").number(e.t()).ascii(",\"k\":\"").ascii(e.kind().json()).ascii('"');
    field(line, "n", e.node());
    field(line, "f", e.from());
    field(line, "to", e.to());
    field(line, "m", type);
    if (e.slot() >= 0) {
      line.ascii(",\"s\":").number(e.slot());
    }
    if (view >= 0) {
      line.ascii(",\"v\":").number(view);
    }
    field(line, "key", key);
    field(line, "d", detail);
    if (e.number() != Long.MIN_VALUE) {
      line.ascii(",\"x\":").number(e.number());
    }
    if (e.extra() != null) {
      StringBuilder value = new StringBuilder();
      for (Map.Entry<String, Object> entry : e.extra().entrySet()) {
        line.ascii(',').string(entry.getKey()).ascii(':');
        value.setLength(0);
        Json.value(value, entry.getValue());
        line.json(value);
      }
    }
    line.ascii('}');
  }

  /** A command's description, in a builder the writer reuses. */
  private CharSequence describe(Command command) {
    description.setLength(0);
    MessageInfo.describe(command, description);
    return description;
  }

  private static void field(Utf8Line line, String name, CharSequence value) {
    if (value != null) {
      line.ascii(",\"").ascii(name).ascii("\":").string(value);
    }
  }
}
