package io.paxoschat.actor;

import io.paxoschat.events.EventRecorder;
import io.paxoschat.paxos.Acceptor;
import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.AcceptorRecord;
import io.paxoschat.paxos.Effect;
import io.paxoschat.storage.AcceptorLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Shell of the acceptor role: feeds prepares and accepts to the core, makes what it must
 * remember durable, and only then sends its answers.
 *
 * <p>Records go to the {@link AcceptorLog}, whose writer thread fsyncs them in batches and tells
 * this actor {@link Durable}. The answers of each message wait, in arrival order, until every
 * record queued so far is durable; so one fsync releases the answers to every message that came
 * in while it ran. With memory durability there is no log and answers leave at once.
 *
 * <p>Its behavior is built for {@code Object} and narrowed to {@link AcceptorMessage}: peers see
 * the protocol type, while the writer thread reaches the same actor with shell-only messages.
 * The alternative, a "durable" message inside the core's sealed protocol, would put a storage
 * concern into the pure core and onto its wire type.
 */
public final class AcceptorActor extends AbstractBehavior<Object> {

  /** From the writer thread: every record up to {@code seq} is durable. */
  private record Durable(long seq) {}

  /** From the writer thread: the log cannot be written; the replica must not answer any more. */
  private record StorageFailed(Exception cause) {}

  /** The answers of one message, waiting for the records up to {@code seq}. */
  private record Held(long seq, List<Effect.Send> sends) {}

  /** A log is rewritten only once it holds at least this many records (see {@link #maybeCompact}). */
  static final int COMPACT_AFTER_RECORDS = 65_536;

  private final Acceptor acceptor;
  private final AcceptorLog log;
  private final boolean compaction;
  private final Directory directory;
  private final ReplicaStatus status;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private long durableSeq;
  private long recordsInFile;

  /**
   * @param log null with memory durability
   * @param recordsInFile records the log held when it was opened
   */
  public static Behavior<AcceptorMessage> create(
      Acceptor acceptor, AcceptorLog log, long recordsInFile, boolean compaction,
      Directory directory, ReplicaStatus status) {
    return create(acceptor, log, recordsInFile, compaction, directory, status, EventRecorder.OFF);
  }

  /** As above; each fsync of the log and how long it took goes to {@code events}. */
  public static Behavior<AcceptorMessage> create(
      Acceptor acceptor, AcceptorLog log, long recordsInFile, boolean compaction,
      Directory directory, ReplicaStatus status, EventRecorder events) {
    return create(acceptor, log, recordsInFile, compaction, directory, status, events, ReplicaMeters.NONE);
  }

  /** As above; how long each fsync of the log took also goes to {@code meters}. */
  public static Behavior<AcceptorMessage> create(
      Acceptor acceptor, AcceptorLog log, long recordsInFile, boolean compaction,
      Directory directory, ReplicaStatus status, EventRecorder events, ReplicaMeters meters) {
    return Behaviors.<Object>setup(ctx ->
        new AcceptorActor(ctx, acceptor, log, recordsInFile, compaction, directory, status, events, meters))
        .narrow();
  }

  /** An acceptor that keeps nothing on disk. */
  public static Behavior<AcceptorMessage> create(int replicaId, Directory directory) {
    return create(new Acceptor(replicaId), null, 0, false, directory, new ReplicaStatus(replicaId));
  }

  private AcceptorActor(
      ActorContext<Object> ctx, Acceptor acceptor, AcceptorLog log, long recordsInFile,
      boolean compaction, Directory directory, ReplicaStatus status, EventRecorder events, ReplicaMeters meters) {
    super(ctx);
    this.acceptor = acceptor;
    this.log = log;
    this.recordsInFile = recordsInFile;
    this.compaction = compaction;
    this.directory = directory;
    this.status = status;
    if (log != null) {
      ActorRef<Object> self = ctx.getSelf();
      durableSeq = log.lastSeq();
      log.start("acceptor-log-" + acceptor.id(), seq -> self.tell(new Durable(seq)),
          nanos -> {
            events.fsynced(acceptor.id(), "acceptor log", nanos);
            meters.fsynced("acceptor log", nanos);
          },
          e -> self.tell(new StorageFailed(e)));
    }
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(AcceptorMessage.class, this::onMessage)
        .onMessage(Durable.class, this::onDurable)
        .onMessage(StorageFailed.class, this::onStorageFailed)
        .onSignal(PostStop.class, signal -> onStop())
        .build();
  }

  private Behavior<Object> onMessage(AcceptorMessage message) {
    boolean votedBefore = acceptor.votes();
    long barBefore = acceptor.rejoinWaitsFor();
    List<Effect> effects = acceptor.handle(message);
    if (!votedBefore && acceptor.votes()) {
      getContext().getLog().info("replica {}: rejoined: its acceptor votes again ({})", acceptor.id(), message);
    } else if (acceptor.rejoinWaitsFor() >= 0 && acceptor.rejoinWaitsFor() != barBefore) {
      getContext().getLog().info("replica {}: rejoining: its acceptor votes again once slot {} is decided",
          acceptor.id(), acceptor.rejoinWaitsFor());
    }
    List<Effect.Send> sends = new ArrayList<>(1);
    for (Effect effect : effects) {
      if (effect instanceof Effect.Persist persist) {
        if (log != null) {
          log.append(persist.record());
          recordsInFile++;
        }
      } else if (effect instanceof Effect.Send send) {
        sends.add(send);
      }
    }
    maybeCompact();
    if (log == null || (held.isEmpty() && durableSeq >= log.lastSeq())) {
      sendAll(sends);
    } else if (!sends.isEmpty()) {
      held.add(new Held(log.lastSeq(), sends));
    }
    return this;
  }

  /**
   * Once the file holds many more records than the acceptor's live state (pruning dropped the
   * rest), it is rewritten to that state. The snapshot is taken here, between two messages, so
   * it is exactly the fold of every record queued before it.
   */
  private void maybeCompact() {
    if (!compaction || log == null || recordsInFile < COMPACT_AFTER_RECORDS) {
      return;
    }
    long live = acceptor.acceptedCount() + 2L;
    if (recordsInFile > 2 * live) {
      List<AcceptorRecord> snapshot = acceptor.snapshot();
      log.rewrite(snapshot);
      recordsInFile = snapshot.size();
      status.recordCompaction();
    }
  }

  private Behavior<Object> onDurable(Durable durable) {
    durableSeq = Math.max(durableSeq, durable.seq());
    while (!held.isEmpty() && held.peek().seq() <= durableSeq) {
      sendAll(held.poll().sends());
    }
    return this;
  }

  private Behavior<Object> onStorageFailed(StorageFailed failed) {
    // Nothing more is answered: what this acceptor promised or accepted after the failure
    // never became durable, so it must never leave.
    String what = log.file() + ": " + StorageFailures.describe(failed.cause());
    // INFO: the program that runs the replica reports it, once, in its own words.
    getContext().getLog().info("replica {}: storage failure, stopping the replica: {}", acceptor.id(), what);
    status.markStorageFailure(System.nanoTime(), what);
    return Behaviors.stopped();
  }

  private void sendAll(List<Effect.Send> sends) {
    for (Effect.Send send : sends) {
      directory.send(send.to(), send.message());
    }
  }

  private Behavior<Object> onStop() {
    if (log != null) {
      if (status.crashed()) {
        log.crash();
      } else {
        log.close();
      }
    }
    return this;
  }
}
