package io.paxoschat.actor;

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
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One replica: a parent whose children are its Paxos roles (acceptor, proposer, learner).
 * Peers address the child that handles a message. When any child stops, the replica stops
 * with all its roles: a replica is up or down as a whole, never half.
 */
public final class ReplicaActor {

  /** Dispatcher for actors that write files, so disk waits never stall the protocol threads. */
  public static final String IO_DISPATCHER = "paxos-chat.io-dispatcher";

  /** Everything a replica needs from its environment. */
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
      Directory directory) {

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
      Behavior<AcceptorMessage> acceptor = DroppingInterceptor.wrap(
          AcceptorMessage.class, setup.faults().filterFor(Address.acceptor(id)), setup.droppedMessages(),
          AcceptorActor.create(state.acceptor(), state.acceptorLog(), state.acceptorRecords(),
              state.compaction(), setup.directory(), setup.status()));
      // A restarted replica draws other election timeouts than its first incarnation did.
      Proposer proposerCore = new Proposer(id, setup.replicaCount(), setup.settings(),
          new Random(setup.faults().seed() * 7919L + id + 104_729L * setup.status().restarts()));
      List<Effect> firstEffects = state.isEmpty()
          ? proposerCore.start()
          : proposerCore.restart(state.acceptor().promised(), state.learner().nextToExecute());
      Behavior<ProposerMessage> proposer = DroppingInterceptor.wrap(
          ProposerMessage.class, setup.faults().filterFor(Address.proposer(id)), setup.droppedMessages(),
          ProposerActor.create(proposerCore, firstEffects, setup.directory(), setup.tick(), setup.status(),
              setup.faults().crashesAsPrimary(id)));
      Behavior<LearnerMessage> learner = DroppingInterceptor.wrap(
          LearnerMessage.class, setup.faults().filterFor(Address.learner(id)), setup.droppedMessages(),
          LearnerActor.create(state.learner(), setup.directory(), state.chatLog(), setup.tick(), setup.status()));

      // The learner and acceptor register first: the proposer of view 0's leader sends
      // prepares as it starts, and its own learner must be reachable for its first decisions.
      ActorRef<AcceptorMessage> acceptorRef = ctx.spawn(acceptor, "acceptor");
      ActorRef<LearnerMessage> learnerRef =
          ctx.spawn(learner, "learner", DispatcherSelector.fromConfig(IO_DISPATCHER));
      setup.registrar().register(Address.acceptor(id), acceptorRef);
      setup.registrar().register(Address.learner(id), learnerRef);
      ActorRef<ProposerMessage> proposerRef = ctx.spawn(proposer, "proposer");
      setup.registrar().register(Address.proposer(id), proposerRef);
      ctx.watch(acceptorRef);
      ctx.watch(learnerRef);
      ctx.watch(proposerRef);

      return Behaviors.receive(Void.class)
          .onSignal(Terminated.class, terminated -> {
            setup.status().markCrashed(System.nanoTime());
            return Behaviors.stopped();
          })
          .build();
    });
  }
}
