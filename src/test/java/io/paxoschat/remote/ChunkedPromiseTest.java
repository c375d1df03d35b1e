package io.paxoschat.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.actor.AcceptorActor;
import io.paxoschat.actor.ProposerActor;
import io.paxoschat.actor.ReplicaStatus;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.paxos.Acceptor;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.PValue;
import io.paxoschat.paxos.Proposer;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProtocolSettings;
import io.paxoschat.paxos.WireSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * A new leader's phase 1 meets an acceptor on another actor system, over Artery TCP on loopback,
 * that accepted thousands of batches: many times more than one Artery frame holds. Its promise
 * must come in chunks, each within the frame, and the leader must end with every value (it
 * proposes each again and decides it). Sent whole, the promise is refused by Artery's frame size
 * and phase 1 never completes.
 */
class ChunkedPromiseTest {

  private static final int SLOTS = 3_000;
  private static final int LINES_PER_BATCH = 8;
  private static final Duration BOUND = Duration.ofSeconds(60);

  @Test
  void aPromiseOfThousandsOfBatchesCrossesInChunksAndTheLeaderEndsWithEveryValue() throws Exception {
    ClusterConfig config = ClusterConfig.parse(FreePorts.clusterFile(1, ""), Path.of("chunked-promise-test.conf"));
    ProtocolSettings settings = config.protocolSettings();
    Ballot oldBallot = new Ballot(0, 0);
    Acceptor loaded = new Acceptor(1, settings.maxMessageBytes());
    Map<Long, Command> accepted = new ConcurrentHashMap<>();
    long acceptedBytes = 0;
    for (long slot = 0; slot < SLOTS; slot++) {
      List<ChatLine> lines = new ArrayList<>();
      for (int i = 0; i < LINES_PER_BATCH; i++) {
        lines.add(new ChatLine(i % 3, 7, slot * LINES_PER_BATCH + i + 1, "slot " + slot + " line " + i + " " + "x".repeat(90)));
      }
      Command batch = new Command.Batch(lines);
      loaded.handle(new Accept(oldBallot, slot, batch));
      accepted.put(slot, batch);
      acceptedBytes += WireSize.of(batch);
    }
    assertTrue(acceptedBytes > 8L * 256 * 1024, "the accepted values are many Artery frames: " + acceptedBytes);

    List<Promise> promisesFromOne = new CopyOnWriteArrayList<>();
    Map<Long, Command> decided = new ConcurrentHashMap<>();
    CompletableFuture<Void> allDecided = new CompletableFuture<>();
    RemoteNode acceptorNode = RemoteNode.start(config, NodeId.replica(1), (ctx, directory, guard) ->
        directory.register(Address.acceptor(1), ctx.spawn(guard.guard(io.paxoschat.paxos.AcceptorMessage.class,
            AcceptorActor.create(loaded, null, 0, false, directory, new ReplicaStatus(1))), "acceptor-1")));
    RemoteNode leaderNode = null;
    try {
      // As a replica process starts: its roles wait until the peer answered (the connection is
      // up), or the first chunk would meet a cold handshake that outlasts the election timeout.
      leaderNode = RemoteNode.start(config, NodeId.replica(0), RemoteNode.Start.WHEN_A_MAJORITY_IS_UP,
          (ctx, directory, guard) -> {
        directory.register(Address.acceptor(0), ctx.spawn(guard.guard(io.paxoschat.paxos.AcceptorMessage.class,
            AcceptorActor.create(0, directory)), "acceptor-0"));
        Behavior<LearnerMessage> learner = Behaviors.receiveMessage(message -> {
          if (message instanceof LearnerMessage.Decision decision) {
            decided.put(decision.slot(), decision.command());
            if (decided.size() >= SLOTS) {
              allDecided.complete(null);
            }
          }
          return Behaviors.same();
        });
        directory.register(Address.learner(0), ctx.spawn(guard.guard(LearnerMessage.class, learner), "learner-0"));
        Behavior<ProposerMessage> proposer = Behaviors.setup(front -> {
          ActorRef<ProposerMessage> real = front.spawn(ProposerActor.create(
              new Proposer(0, config.replicaCount(), settings, new Random(1)), directory, config.tick(),
              new ReplicaStatus(0), false), "core");
          return Behaviors.receiveMessage(message -> {
            if (message instanceof Promise promise && promise.acceptorId() == 1) {
              promisesFromOne.add(promise);
            }
            real.tell(message);
            return Behaviors.same();
          });
        });
        directory.register(Address.proposer(0), ctx.spawn(guard.guard(ProposerMessage.class, proposer), "proposer-0"));
      }, up -> {});

      try {
        allDecided.get(BOUND.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // the assertion below says how far it got
      }

      assertEquals(SLOTS, decided.size(), "slots decided by the new leader within " + BOUND
          + "; promise chunks from acceptor 1 that arrived: " + promisesFromOne.size());
      for (long slot = 0; slot < SLOTS; slot++) {
        assertEquals(accepted.get(slot), decided.get(slot), "slot " + slot + " holds the value acceptor 1 accepted");
      }
      List<Promise> chunks = List.copyOf(promisesFromOne);
      assertTrue(chunks.size() >= 8, "the promise came in chunks: " + chunks.size());
      for (Promise chunk : chunks) {
        long bytes = chunk.accepted().stream().mapToLong(value -> WireSize.of(value.command())).sum();
        assertTrue(bytes <= settings.maxMessageBytes(), "a chunk of " + bytes + " bytes");
      }
      assertTrue(chunks.stream().anyMatch(Promise::isComplete), "the last chunk says the promise is complete");
      assertEquals(SLOTS, chunks.stream().flatMap(p -> p.accepted().stream()).mapToLong(PValue::slot).distinct().count(),
          "together the chunks carry every accepted slot");
    } finally {
      if (leaderNode != null) {
        leaderNode.stop(Duration.ofSeconds(10));
      }
      acceptorNode.stop(Duration.ofSeconds(10));
    }
  }
}
