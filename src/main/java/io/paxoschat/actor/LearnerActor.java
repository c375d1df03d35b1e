package io.paxoschat.actor;

import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ByteBoundedChunk;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.Learner;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.WireSize;
import io.paxoschat.storage.GroupCommit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shell of the learner role: executes decided slots into the chat log. It runs on the I/O
 * dispatcher, since it writes files; the log is flushed once per tick rather than per slot.
 * Slots the core no longer keeps in memory are read back from the log for peers that lag.
 *
 * <p>The core asks for the chat log to be made durable ({@link Effect.SyncChatLog}) every few
 * ticks, and only compaction waits for the answer: the durable point in its progress reports is
 * what lets peers drop slots. With a sink that must be fsynced, the fsync runs on a thread of its
 * own ({@link GroupCommit}, as the acceptor log's writes do), never here; execution and client
 * acknowledgements (whose lines the acceptors already hold durably) go on meanwhile.
 */
public final class LearnerActor extends AbstractBehavior<Object> {

  private static final Logger log = LoggerFactory.getLogger(LearnerActor.class);

  /** From the sync thread: the fsync failed; the replica stops. */
  private record SyncFailed(RuntimeException cause) {}

  private final Learner learner;
  private final Directory directory;
  private final ExecutionSink sink;
  private final ReplicaStatus status;
  /** Null unless the sink must be fsynced: then it fsyncs on a thread of its own, never here. */
  private final GroupCommit<Long> syncer;
  private boolean unflushed;
  private long flushedSlots;

  public static Behavior<LearnerMessage> create(
      Learner learner, Directory directory, ExecutionSink sink, Duration tick, ReplicaStatus status) {
    return Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(LearnerMessage.Tick.INSTANCE, tick);
      return new LearnerActor(ctx, learner, directory, sink, status);
    })).narrow();
  }

  private LearnerActor(
      ActorContext<Object> ctx, Learner learner, Directory directory,
      ExecutionSink sink, ReplicaStatus status) {
    super(ctx);
    this.learner = learner;
    this.directory = directory;
    this.sink = sink;
    this.status = status;
    this.flushedSlots = learner.nextToExecute();
    if (sink.needsForce()) {
      ActorRef<Object> self = ctx.getSelf();
      // One fsync covers every slot flushed before it started, so a batch of marks needs one.
      syncer = new GroupCommit<>("chat log of replica " + status.id(), marks -> sink.force(), 1024);
      syncer.start("chat-log-sync-" + status.id(), slots -> self.tell(new LearnerMessage.ChatLogDurable(slots)), e -> {
        // Progress stays unreported either way, so peers keep what this log may lack. A log
        // closed under the fsync is the replica stopping; anything else is the disk failing.
        if (!(e.getCause() instanceof java.nio.channels.ClosedChannelException)) {
          self.tell(new SyncFailed(e instanceof RuntimeException runtime ? runtime : new RuntimeException(e)));
        }
      });
    } else {
      syncer = null;
    }
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(LearnerMessage.class, this::onMessage)
        .onMessage(SyncFailed.class, failed -> stopOnStorageFailure(failed.cause()))
        .onSignal(PostStop.class, signal -> onStop())
        .build();
  }

  private Behavior<Object> onMessage(LearnerMessage message) {
    try {
      return handle(message);
    } catch (RuntimeException e) {
      if (StorageFailures.isStorageFailure(e)) {
        return stopOnStorageFailure(e);
      }
      throw e;
    }
  }

  /**
   * A chat log that cannot be written (or read back for a peer) stops the replica: it must not
   * acknowledge or serve what its log does not hold. One line, no stack trace: the disk failed,
   * not the code.
   */
  private Behavior<Object> stopOnStorageFailure(RuntimeException e) {
    String what = StorageFailures.describe(e);
    // INFO: the program that runs the replica reports it, once, in its own words.
    log.info("replica {}: storage failure, stopping the replica: {}", status.id(), what);
    status.markStorageFailure(System.nanoTime(), what);
    return Behaviors.stopped();
  }

  private Behavior<Object> handle(LearnerMessage message) {
    List<Effect> effects = learner.handle(message);
    // Execute before replying: an acknowledged line must already be in the log.
    for (Effect effect : effects) {
      if (effect instanceof Effect.Execute execute) {
        sink.executed(execute.slot(), execute.command());
        unflushed = true;
      }
    }
    if (message instanceof LearnerMessage.Tick && unflushed) {
      sink.flush();
      unflushed = false;
      flushedSlots = learner.nextToExecute();
    }
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send) {
        directory.send(send.to(), send.message());
      } else if (effect instanceof Effect.SyncChatLog sync) {
        syncChatLog(sync);
      } else if (effect instanceof Effect.SendFromLog fromLog) {
        sendFromLog(fromLog);
      } else if (effect instanceof Effect.ChatFromLog fromLog) {
        chatFromLog(fromLog);
      }
    }
    status.updateLearner(learner.nextToExecute());
    return this;
  }

  /**
   * The core asks on a tick, and this tick's flush came first: an fsync that starts now covers
   * every slot it asks for. A log without fsync holds what is flushed as well as it ever will.
   */
  private void syncChatLog(Effect.SyncChatLog sync) {
    long slots = Math.min(sync.slots(), flushedSlots);
    if (syncer != null) {
      syncer.submit(slots);
    } else {
      getContext().getSelf().tell(new LearnerMessage.ChatLogDurable(slots));
    }
  }

  private void sendFromLog(Effect.SendFromLog request) {
    List<Command> commands = readLog(request.fromSlot(), request.toSlot());
    if (commands.isEmpty()) {
      return;
    }
    ByteBoundedChunk<Decision> reply = new ByteBoundedChunk<>(learner.settings().maxMessageBytes());
    for (int i = 0; i < commands.size(); i++) {
      if (!reply.offer(new Decision(request.fromSlot() + i, commands.get(i)), WireSize.of(commands.get(i)))) {
        break; // the peer asks again from where this reply ends
      }
    }
    directory.send(request.to(), new CatchUpReply(reply.items()));
    status.recordServedFromLog(reply.items().size());
  }

  private void chatFromLog(Effect.ChatFromLog request) {
    long from = request.request().fromSlot();
    List<Command> executed = readLog(from, request.toSlot());
    if (!executed.isEmpty()) {
      directory.send(Address.client(request.request().clientId()), Learner.chatFromLog(status.id(), learner.settings(), request, executed));
    }
  }

  /** Executed slots from {@code fromSlot} up to {@code toSlot}, about one message's worth. */
  private List<Command> readLog(long fromSlot, long toSlot) {
    int slots = (int) Math.min(Integer.MAX_VALUE, toSlot - fromSlot);
    return sink.read(fromSlot, slots, learner.settings().maxMessageBytes());
  }

  private Behavior<Object> onStop() {
    if (syncer != null) {
      // It ends after the fsync it may be running: closing the file under it would fail it.
      syncer.stop();
    }
    if (status.crashed()) {
      sink.abandon();
    } else {
      sink.close();
    }
    return this;
  }
}
