package io.paxoschat.actor;

import io.paxoschat.events.EventRecorder;
import io.paxoschat.fault.DroppingInterceptor;
import io.paxoschat.fault.FaultPlan;
import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.Proposer;
import io.paxoschat.paxos.ProtocolSettings;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One replica: a parent whose children are its Paxos roles (acceptor, proposer, learner).
 * Peers address the child that handles a message. When any child stops, the replica stops
 * with all its roles: a replica is up or down as a whole, never half.
 */
public final class ReplicaActor {

  /** Dispatcher for actors that write files, so disk waits never stall the protocol threads. */
  public static final String IO_DISPATCHER = "paxos-chat.io-dispatcher";

  /**
   * Everything a replica needs from its environment.
   *
   * @param guard wraps each role before it is spawned
   * @param onCrash runs the moment the replica crashes (a {@code --fail} crash, or a role that
   *     stopped); in one JVM nothing, in its own process a halt
   * @param events records what the roles send, receive and execute
   * @param meters measures what the roles do, for the replica's metrics
   */
  public record Setup(
      int id,
      int replicaCount,
      ProtocolSettings settings,
      Duration tick,
      FaultPlan faults,
      LongAdder droppedMessages,
      ReplicaState state,
      ReplicaStatus status,
      Registrar registrar,
      Directory directory,
      RoleGuard guard,
      Runnable onCrash,
      EventRecorder events,
      ReplicaMeters meters) {

    /** A replica whose metrics are not measured. */
    public Setup(
        int id, int replicaCount, ProtocolSettings settings, Duration tick, FaultPlan faults,
        LongAdder droppedMessages, ReplicaState state, ReplicaStatus status, Registrar registrar,
        Directory directory, RoleGuard guard, Runnable onCrash, EventRecorder events) {
      this(id, replicaCount, settings, tick, faults, droppedMessages, state, status, registrar, directory,
          guard, onCrash, events, ReplicaMeters.NONE);
    }

    /** A replica whose run is not recorded. */
    public Setup(
        int id, int replicaCount, ProtocolSettings settings, Duration tick, FaultPlan faults,
        LongAdder droppedMessages, ReplicaState state, ReplicaStatus status, Registrar registrar,
        Directory directory, RoleGuard guard, Runnable onCrash) {
      this(id, replicaCount, settings, tick, faults, droppedMessages, state, status, registrar, directory,
          guard, onCrash, EventRecorder.OFF);
    }

    /** A replica among others in one JVM: unguarded roles, and a crash stops only its actors. */
    public Setup(
        int id, int replicaCount, ProtocolSettings settings, Duration tick, FaultPlan faults,
        LongAdder droppedMessages, ReplicaState state, ReplicaStatus status, Registrar registrar,
        Directory directory) {
      this(id, replicaCount, settings, tick, faults, droppedMessages, state, status, registrar, directory,
          RoleGuard.NONE, () -> {});
    }

    /** A replica with nothing behind it that keeps nothing but its chat log. */
    public Setup(
        int id, int replicaCount, ProtocolSettings settings, Duration tick, FaultPlan faults,
        LongAdder droppedMessages, ExecutionSink chatLog, ReplicaStatus status, Registrar registrar,
        Directory directory) {
      this(id, replicaCount, settings, tick, faults, droppedMessages,
          ReplicaState.fresh(id, replicaCount, settings, chatLog), status, registrar, directory);
    }
  }

  /** Publishes a child's ref under its protocol address (in one JVM, into the local directory). */
  @FunctionalInterface
  public interface Registrar {
    void register(Address address, ActorRef<?> ref);
  }

  private ReplicaActor() {}

  public static Behavior<Void> create(Setup setup) {
    return Behaviors.setup(ctx -> {
      int id = setup.id();
      ReplicaState state = setup.state();
      EventRecorder events = setup.events();
      ReplicaMeters meters = setup.meters();
      Behavior<AcceptorMessage> acceptor = DroppingInterceptor.wrap(
          AcceptorMessage.class, setup.faults().filterFor(Address.acceptor(id)), setup.droppedMessages(),
          events, Address.acceptor(id), meters,
          AcceptorActor.create(state.acceptor(), state.acceptorLog(), state.acceptorRecords(),
              state.compaction(), EventRecordingDirectory.of(setup.directory(), Address.acceptor(id), events),
              setup.status(), events, meters));
      // A restarted replica draws other election timeouts than its first incarnation did.
      Proposer proposerCore = new Proposer(id, setup.replicaCount(), setup.settings(),
          new Random(setup.faults().seed() * 7919L + id + 104_729L * setup.status().restarts()));
      if (setup.faults().skipSlot() >= 0) {
        proposerCore.leaveSlotEmptyInView0(setup.faults().skipSlot());
      }
      List<Effect> firstEffects = state.isEmpty()
          ? proposerCore.start()
          : proposerCore.restart(state.acceptor().promised(), state.learner().nextToExecute());
      Runnable onCrash = () -> {
        events.crashed(id, "--fail: crashed as primary");
        setup.onCrash().run();
      };
      Behavior<ProposerMessage> proposer = DroppingInterceptor.wrap(
          ProposerMessage.class, setup.faults().filterFor(Address.proposer(id)), setup.droppedMessages(),
          events, Address.proposer(id), meters,
          ProposerActor.create(proposerCore, firstEffects,
              EventRecordingDirectory.of(setup.directory(), Address.proposer(id), events), setup.tick(), setup.status(),
              setup.faults().crashesAsPrimary(id), onCrash, meters));
      Behavior<LearnerMessage> learner = DroppingInterceptor.wrap(
          LearnerMessage.class, setup.faults().filterFor(Address.learner(id)), setup.droppedMessages(),
          events, Address.learner(id), meters,
          LearnerActor.create(state.learner(), EventRecordingDirectory.of(setup.directory(), Address.learner(id), events),
              MeteredSink.of(EventRecordingSink.of(state.chatLog(), id, events), meters), setup.tick(),
              setup.status()));

      // The learner and acceptor register first: the proposer of view 0's leader sends
      // prepares as it starts, and its own learner must be reachable for its first decisions.
      RoleGuard guard = setup.guard();
      ActorRef<?> acceptorRef =
          spawn(ctx, guard.guard(AcceptorMessage.class, acceptor), "acceptor", Props.empty());
      ActorRef<?> learnerRef = spawn(ctx, guard.guard(LearnerMessage.class, learner), "learner",
          DispatcherSelector.fromConfig(IO_DISPATCHER));
      setup.registrar().register(Address.acceptor(id), acceptorRef);
      setup.registrar().register(Address.learner(id), learnerRef);
      ActorRef<?> proposerRef =
          spawn(ctx, guard.guard(ProposerMessage.class, proposer), "proposer", Props.empty());
      setup.registrar().register(Address.proposer(id), proposerRef);
      ctx.watch(acceptorRef);
      ctx.watch(learnerRef);
      ctx.watch(proposerRef);

      return Behaviors.receive(Void.class)
          .onSignal(Terminated.class, terminated -> {
            setup.status().markCrashed(System.nanoTime());
            events.crashed(id, "a role stopped");
            setup.onCrash().run();
            return Behaviors.stopped();
          })
          .build();
    });
  }

  private static <T> ActorRef<T> spawn(ActorContext<Void> ctx, Behavior<T> behavior, String name, Props props) {
    return ctx.spawn(behavior, name, props);
  }
}
