package io.paxoschat.actor;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.Learner;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Shell of the learner role: executes decided slots into the chat log. It runs on the I/O
 * dispatcher, since it writes files; the log is flushed once per tick rather than per slot.
 * Slots the core no longer keeps in memory are read back from the log for peers that lag.
 */
public final class LearnerActor extends AbstractBehavior<LearnerMessage> {

  /** Slots per catch-up reply read from the log (the reader also caps the bytes). */
  static final int FROM_LOG_CHUNK = 2048;

  private final Learner learner;
  private final Directory directory;
  private final ExecutionSink sink;
  private final ReplicaStatus status;
  private boolean unflushed;

  public static Behavior<LearnerMessage> create(
      Learner learner, Directory directory, ExecutionSink sink, Duration tick, ReplicaStatus status) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerAtFixedRate(LearnerMessage.Tick.INSTANCE, tick);
      return new LearnerActor(ctx, learner, directory, sink, status);
    }));
  }

  private LearnerActor(
      ActorContext<LearnerMessage> ctx, Learner learner, Directory directory,
      ExecutionSink sink, ReplicaStatus status) {
    super(ctx);
    this.learner = learner;
    this.directory = directory;
    this.sink = sink;
    this.status = status;
  }

  @Override
  public Receive<LearnerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(LearnerMessage.class, this::onMessage)
        .onSignal(PostStop.class, signal -> onStop())
        .build();
  }

  private Behavior<LearnerMessage> onMessage(LearnerMessage message) {
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
    }
    directory.sendAll(effects);
    for (Effect effect : effects) {
      if (effect instanceof Effect.SendFromLog fromLog) {
        sendFromLog(fromLog);
      }
    }
    status.updateLearner(learner.nextToExecute());
    return this;
  }

  private void sendFromLog(Effect.SendFromLog request) {
    int wanted = (int) Math.min(FROM_LOG_CHUNK, request.toSlot() - request.fromSlot());
    List<Command> commands = sink.read(request.fromSlot(), wanted);
    if (commands.isEmpty()) {
      return;
    }
    List<Decision> decisions = new ArrayList<>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      decisions.add(new Decision(request.fromSlot() + i, commands.get(i)));
    }
    directory.send(request.to(), new CatchUpReply(decisions));
    status.recordServedFromLog(decisions.size());
  }

  private Behavior<LearnerMessage> onStop() {
    if (status.crashed()) {
      sink.abandon();
    } else {
      sink.close();
    }
    return this;
  }
}
