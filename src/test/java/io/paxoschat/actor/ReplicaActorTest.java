package io.paxoschat.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.paxoschat.fault.InjectedFaults;
import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Propose;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProtocolSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.testkit.typed.Effect;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ReplicaActorTest {

  /** application.conf supplies the I/O dispatcher the learner runs on; ManualTime drives the timers. */
  private static final ActorTestKit testKit =
      ActorTestKit.create("ReplicaActorTest", ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

  private static final Duration TICK = Duration.ofMillis(10);
  /** Election timeout between 10 and 15 ticks; a new election timeout is at least 10 ticks. */
  private static final ProtocolSettings SETTINGS = ProtocolSettings.builder().heartbeatTicks(2).electionTimeoutTicks(10, 15).retransmitTicks(3).catchUpTicks(2).maxInFlight(64).clientRetryTicks(30).clientWindow(8).build();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private record Registration(Address address, ActorRef<?> ref) {}

  /** A replica that runs, and the children it published. */
  private record Running(ActorRef<Void> replica, Map<Address, ActorRef<?>> children, ReplicaStatus status) {
    @SuppressWarnings("unchecked")
    <T> ActorRef<T> child(Address address) {
      return (ActorRef<T>) children.get(address);
    }
  }

  private static Running startReplica(int id, int replicaCount, InjectedFaults faults, LocalDirectory directory) {
    TestProbe<Registration> registrations = testKit.createTestProbe();
    ReplicaStatus status = new ReplicaStatus(id);
    ReplicaActor.Registrar registrar = (address, ref) -> {
      directory.register(address, ref);
      registrations.ref().tell(new Registration(address, ref));
    };
    ReplicaActor.Setup setup = new ReplicaActor.Setup(id, replicaCount, SETTINGS, TICK, faults, new LongAdder(),
        new RecordingSink(), status, registrar, directory);
    ActorRef<Void> replica = testKit.spawn(ReplicaActor.create(setup));
    Map<Address, ActorRef<?>> children = new HashMap<>();
    for (Registration registration : registrations.receiveSeveralMessages(3)) {
      children.put(registration.address(), registration.ref());
    }
    awaitStarted(children.values());
    return new Running(replica, children, status);
  }

  /**
   * Blocks until every actor has run its setup, where it starts its tick timer. An actor answers
   * Identify only after it started; time passing before that would not tick it.
   */
  private static void awaitStarted(Iterable<ActorRef<?>> refs) {
    TestProbe<Object> identities = testKit.createTestProbe();
    int count = 0;
    for (ActorRef<?> ref : refs) {
      Adapter.toClassic(ref).tell(new Identify(count++), Adapter.toClassic(identities.ref()));
    }
    for (Object identity : identities.receiveSeveralMessages(count)) {
      assertTrue(((ActorIdentity) identity).getActorRef().isPresent());
    }
  }

  @Test
  void aReplicasRolesAreChildrenRegisteredUnderTheirAddresses() {
    Running running = startReplica(1, 3, InjectedFaults.none(1), new LocalDirectory());

    assertEquals(Set.of(Address.acceptor(1), Address.proposer(1), Address.learner(1)), running.children().keySet());
    assertEquals("acceptor", running.child(Address.acceptor(1)).path().name());
    assertEquals("proposer", running.child(Address.proposer(1)).path().name());
    assertEquals("learner", running.child(Address.learner(1)).path().name());
    for (ActorRef<?> child : running.children().values()) {
      assertEquals(running.replica().path(), child.path().parent(), child + " is a child of the replica");
    }
    testKit.stop(running.replica());
  }

  @Test
  void theLearnerRunsOnTheIoDispatcher() {
    ReplicaActor.Setup setup = new ReplicaActor.Setup(0, 3, SETTINGS, TICK, InjectedFaults.none(1), new LongAdder(),
        new RecordingSink(), new ReplicaStatus(0), (address, ref) -> {}, new LocalDirectory());
    BehaviorTestKit<Void> replica = BehaviorTestKit.create(ReplicaActor.create(setup));

    Map<String, Effect.Spawned<?>> spawned = new HashMap<>();
    for (Effect effect : replica.getAllEffects()) {
      if (effect instanceof Effect.Spawned<?> spawn) {
        spawned.put(spawn.childName(), spawn);
      }
    }

    assertEquals(Set.of("acceptor", "proposer", "learner"), spawned.keySet());
    assertEquals(DispatcherSelector.fromConfig(ReplicaActor.IO_DISPATCHER), spawned.get("learner").props());
  }

  @Test
  void aPrepareToItsAcceptorYieldsAPromiseToThePreparingProposer() {
    LocalDirectory directory = new LocalDirectory();
    Running running = startReplica(1, 3, InjectedFaults.none(1), directory);
    TestProbe<ProposerMessage> leaderOfView2 = testKit.createTestProbe();
    TestProbe<ProposerMessage> leaderOfView0 = testKit.createTestProbe();
    directory.register(Address.proposer(2), leaderOfView2.ref());
    directory.register(Address.proposer(0), leaderOfView0.ref());
    Ballot view2 = Ballot.ofView(2, 3);

    directory.send(Address.acceptor(1), new Prepare(view2, 0));
    leaderOfView2.expectMessage(new Promise(view2, 1, List.of()));

    directory.send(Address.acceptor(1), new Prepare(Ballot.ofView(0, 3), 0));
    leaderOfView0.expectMessage(new Rejected(view2, 1));
    testKit.stop(running.replica());
  }

  @Test
  void aReplicaStopsAsAWholeWhenItsPrimaryCrashes() {
    LocalDirectory directory = new LocalDirectory();
    InjectedFaults primaryOfView0Crashes = new InjectedFaults(1, -1, 0, 1);
    Running running = startReplica(0, 1, primaryOfView0Crashes, directory);
    TestProbe<Object> watcher = testKit.createTestProbe();

    directory.send(Address.proposer(0), Propose.of(new ChatLine(3, 1, "first line")));

    watcher.expectTerminated(running.replica());
    watcher.expectTerminated(running.child(Address.acceptor(0)));
    watcher.expectTerminated(running.child(Address.learner(0)));
    assertTrue(running.status().crashed());
  }

  @Test
  void theNextReplicaTakesOverWhenTheLeaderOfView0IsSilent() {
    LocalDirectory directory = new LocalDirectory();
    // Replica 0, the leader of view 0, never starts; a probe listens where its acceptor would be.
    TestProbe<AcceptorMessage> silentAcceptor = testKit.createTestProbe();
    directory.register(Address.acceptor(0), silentAcceptor.ref());
    Running replica1 = startReplica(1, 3, InjectedFaults.none(1), directory);
    Running replica2 = startReplica(2, 3, InjectedFaults.none(1), directory);

    // Which tick starts the election is the core's business, checked in virtual time
    // (scenarios/election.txt); here the shell's timers must drive it at all.
    manualTime.timePasses(TICK.multipliedBy(SETTINGS.electionTimeoutMaxTicks()));

    Ballot view1 = Ballot.ofView(1, 3);
    silentAcceptor.expectMessage(new Prepare(view1, 0));
    silentAcceptor.awaitAssert(() -> {
      assertTrue(replica1.status().leading(), "replica 1 leads");
      assertEquals(1, replica1.status().view());
      assertEquals(1, replica2.status().view(), "replica 2 follows view 1");
      assertFalse(replica2.status().leading());
      return null;
    });
    testKit.stop(replica1.replica());
    testKit.stop(replica2.replica());
  }
}
