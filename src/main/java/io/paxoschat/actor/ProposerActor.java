package io.paxoschat.actor;

import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.ProposerMessage.Propose;
import io.paxoschat.paxos.Proposer;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shell of the proposer role: ticks the core, sends what it says, and publishes its state.
 * It also hosts the one hook of the crash fault: a primary told to crash stops here, right
 * after receiving its first client request as primary, which takes its whole replica down.
 */
public final class ProposerActor extends AbstractBehavior<ProposerMessage> {

  private static final Logger log = LoggerFactory.getLogger(ProposerActor.class);

  private final Proposer proposer;
  private final Directory directory;
  private final ReplicaStatus status;
  private final boolean crashOnFirstRequestAsPrimary;
  private final Runnable onCrash;
  private final ReplicaMeters meters;
  /** Null when nothing is measured. */
  private final CommitClock commitClock;

  /** A proposer that starts fresh: the leader of view 0 runs phase 1 at once. */
  public static Behavior<ProposerMessage> create(
      Proposer proposer, Directory directory, Duration tick, ReplicaStatus status,
      boolean crashOnFirstRequestAsPrimary) {
    return Behaviors.setup(ctx -> create(proposer, proposer.start(), directory, tick, status,
        crashOnFirstRequestAsPrimary));
  }

  /** A proposer whose first effects ({@link Proposer#start} or {@link Proposer#restart}) are given. */
  public static Behavior<ProposerMessage> create(
      Proposer proposer, List<Effect> firstEffects, Directory directory, Duration tick, ReplicaStatus status,
      boolean crashOnFirstRequestAsPrimary) {
    return create(proposer, firstEffects, directory, tick, status, crashOnFirstRequestAsPrimary, () -> {});
  }

  /** {@code onCrash} runs at the very moment of a {@code --fail} crash, before anything else. */
  public static Behavior<ProposerMessage> create(
      Proposer proposer, List<Effect> firstEffects, Directory directory, Duration tick, ReplicaStatus status,
      boolean crashOnFirstRequestAsPrimary, Runnable onCrash) {
    return create(proposer, firstEffects, directory, tick, status, crashOnFirstRequestAsPrimary, onCrash,
        ReplicaMeters.NONE);
  }

  /** As above; leader changes and how long its proposals took to commit go to {@code meters}. */
  public static Behavior<ProposerMessage> create(
      Proposer proposer, List<Effect> firstEffects, Directory directory, Duration tick, ReplicaStatus status,
      boolean crashOnFirstRequestAsPrimary, Runnable onCrash, ReplicaMeters meters) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      // Fixed delay, not rate: after the JVM was starved (GC, a busy machine) no burst of ticks
      // counts time that the leader, starved alike, could not use, and no view change follows.
      timers.startTimerWithFixedDelay(ProposerMessage.Tick.INSTANCE, tick);
      return new ProposerActor(ctx, proposer, firstEffects, directory, status, crashOnFirstRequestAsPrimary,
          onCrash, meters);
    }));
  }

  private ProposerActor(
      ActorContext<ProposerMessage> ctx, Proposer proposer, List<Effect> firstEffects, Directory directory,
      ReplicaStatus status, boolean crashOnFirstRequestAsPrimary, Runnable onCrash, ReplicaMeters meters) {
    super(ctx);
    this.proposer = proposer;
    this.directory = directory;
    this.status = status;
    this.crashOnFirstRequestAsPrimary = crashOnFirstRequestAsPrimary;
    this.onCrash = onCrash;
    this.meters = meters;
    this.commitClock = meters == ReplicaMeters.NONE ? null : new CommitClock();
    carryOut(firstEffects);
  }

  @Override
  public Receive<ProposerMessage> createReceive() {
    return newReceiveBuilder().onMessage(ProposerMessage.class, this::onMessage).build();
  }

  private Behavior<ProposerMessage> onMessage(ProposerMessage message) {
    if (crashOnFirstRequestAsPrimary && message instanceof Propose && proposer.mode() != Proposer.Mode.FOLLOWER) {
      log.warn("replica {} crashes as primary of view {} (--fail)", status.id(), proposer.view());
      status.markCrashedByFailFlag(System.nanoTime());
      onCrash.run();
      return Behaviors.stopped();
    }
    Proposer.Mode modeBefore = proposer.mode();
    long viewBefore = proposer.view();
    long votedBefore = proposer.votedView();
    List<Effect> effects = proposer.handle(message);
    if (crashOnFirstRequestAsPrimary && proposer.isLeading() && proposesClientLines(effects)) {
      // Lines its followers saw before it led reach it without a request of its own: ordering
      // them is its first client request as primary all the same.
      log.warn("replica {} crashes as primary of view {} (--fail)", status.id(), proposer.view());
      status.markCrashedByFailFlag(System.nanoTime());
      onCrash.run();
      return Behaviors.stopped();
    }
    carryOut(effects);
    if (proposer.votedView() > votedBefore && proposer.votedView() > proposer.view()) {
      log.info("replica {}: votes for view {} ({})", status.id(), proposer.votedView(), proposer.doubt());
    }
    if (proposer.view() != viewBefore) {
      meters.leaderChangeSeen();
    }
    if (proposer.mode() != modeBefore || proposer.view() != viewBefore) {
      log.info("replica {}: {} in view {} (was {} in view {}) after {}",
          status.id(), proposer.mode(), proposer.view(), modeBefore, viewBefore, message);
    }
    return this;
  }

  private static boolean proposesClientLines(List<Effect> effects) {
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send && send.message() instanceof io.paxoschat.paxos.AcceptorMessage.Accept accept
          && accept.command() instanceof io.paxoschat.paxos.Command.Batch) {
        return true;
      }
    }
    return false;
  }

  private void carryOut(List<Effect> effects) {
    directory.sendAll(effects);
    if (commitClock != null) {
      timeCommits(effects);
    }
    if (proposer.isLeading()) {
      for (Effect effect : effects) {
        if (effect instanceof Effect.Send send && send.message() instanceof Decision) {
          status.recordDecision(proposer.view(), System.nanoTime());
          break;
        }
      }
    }
    status.updateProposer(
        proposer.view(), proposer.isLeading(), hasLeader(),
        proposer.inFlightCount() + proposer.waitingCount(), proposer.commitIndex());
  }

  /** It leads, or follows a leader it does not doubt: not preparing, not voting for a new view. */
  private boolean hasLeader() {
    return proposer.isLeading()
        || (proposer.mode() == Proposer.Mode.FOLLOWER && proposer.votedView() <= proposer.view());
  }

  private void timeCommits(List<Effect> effects) {
    if (!proposer.isLeading()) {
      commitClock.clear();
      return;
    }
    long now = System.nanoTime();
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send) {
        if (send.message() instanceof AcceptorMessage.Accept accept) {
          commitClock.proposed(accept.slot(), now);
        } else if (send.message() instanceof Decision decision) {
          long nanos = commitClock.decided(decision.slot(), now);
          if (nanos >= 0) {
            meters.committed(nanos);
          }
        }
      }
    }
  }
}
