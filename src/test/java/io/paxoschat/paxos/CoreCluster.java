package io.paxoschat.paxos;

import io.paxoschat.paxos.Command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Command.RequestId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The pure cores of a whole cluster (acceptor, proposer, learner per replica, and clients) on a
 * simulated network that a test drives round by round: every message in flight is delivered (in
 * random order, if the test says so), then one tick passes everywhere. No threads, no clock, so a
 * run is fully determined by its seed.
 *
 * <p>Each acceptor's {@link Effect.Persist} records are its disk: {@link #restart} rebuilds a
 * crashed replica from them and from its chat log, as the shell does.
 */
final class CoreCluster {

  record Envelope(Address to, Message message) {}

  private final ProtocolSettings settings;
  private final Random random;
  private final Acceptor[] acceptors;
  private final Proposer[] proposers;
  private final Learner[] learners;
  private final List<List<Command>> logs = new ArrayList<>();
  private final List<List<AcceptorRecord>> disks = new ArrayList<>();
  private final int replicaCount;
  private final boolean[] down;
  private final Client[] clients;
  private final boolean[] clientDown;
  private final List<Effect.Acknowledged> acknowledged = new ArrayList<>();
  private List<Envelope> network = new ArrayList<>();
  private Predicate<Envelope> dropRule = envelope -> false;
  private long dropped;

  CoreCluster(int replicaCount, ProtocolSettings settings, List<List<String>> clientLines, long seed) {
    this(replicaCount, settings, clientLines, seed, Set.of());
  }

  /** A cluster whose replicas in {@code neverStarted} are down from the beginning. */
  CoreCluster(int replicaCount, ProtocolSettings settings, List<List<String>> clientLines, long seed,
      Set<Integer> neverStarted) {
    this.settings = settings;
    this.replicaCount = replicaCount;
    this.random = new Random(seed);
    acceptors = new Acceptor[replicaCount];
    proposers = new Proposer[replicaCount];
    learners = new Learner[replicaCount];
    down = new boolean[replicaCount];
    for (int id = 0; id < replicaCount; id++) {
      acceptors[id] = new Acceptor(id);
      proposers[id] = new Proposer(id, replicaCount, settings, new Random(seed * 31 + id));
      learners[id] = new Learner(id, replicaCount, settings);
      logs.add(new ArrayList<>());
      disks.add(new ArrayList<>());
      down[id] = neverStarted.contains(id);
    }
    clients = new Client[clientLines.size()];
    clientDown = new boolean[clients.length];
    for (int id = 0; id < clients.length; id++) {
      clients[id] = new Client(id, replicaCount, settings, clientLines.get(id));
    }
    for (int id = 0; id < replicaCount; id++) {
      if (!down[id]) {
        carryOut(id, proposers[id].start());
      }
    }
    for (Client client : clients) {
      carryOut(-1, client.start());
    }
  }

  /** {@code lines} chat lines for each of {@code clients} clients. */
  static List<List<String>> lines(int clients, int lines) {
    List<List<String>> all = new ArrayList<>();
    for (int client = 0; client < clients; client++) {
      List<String> own = new ArrayList<>();
      for (int line = 1; line <= lines; line++) {
        own.add("client " + client + " line " + line);
      }
      all.add(own);
    }
    return all;
  }

  // ---- faults -----------------------------------------------------------------------------

  /** From now on the network loses every message {@code rule} picks. */
  void drop(Predicate<Envelope> rule) {
    dropRule = rule;
  }

  void crash(int replicaId) {
    down[replicaId] = true;
  }

  /**
   * A crashed replica starts again from what it made durable: its acceptor from its records, its
   * learner from its chat log, its proposer as a follower of the promised view.
   */
  void restart(int replicaId, long seed) {
    Acceptor acceptor = Acceptor.recover(replicaId, disks.get(replicaId));
    List<Command> log = logs.get(replicaId);
    acceptors[replicaId] = acceptor;
    learners[replicaId] = Learner.replay(replicaId, replicaCount, settings, log);
    proposers[replicaId] = new Proposer(replicaId, replicaCount, settings, new Random(seed));
    down[replicaId] = false;
    carryOut(replicaId, proposers[replicaId].restart(acceptor.promised(), log.size()));
  }

  /** Client {@code clientId} stops: it hears and sends nothing more. */
  void crashClient(int clientId) {
    clientDown[clientId] = true;
  }

  /** Client {@code clientId} starts again (a new process of the same id) with {@code lines}. */
  void restartClient(int clientId, List<String> lines, long nonce) {
    clients[clientId] = new Client(clientId, replicaCount, settings, lines, nonce);
    clientDown[clientId] = false;
    carryOut(-1, clients[clientId].start());
  }

  /** Every line a client saw acknowledged, in the order they were. */
  List<Effect.Acknowledged> acknowledged() {
    return acknowledged;
  }

  boolean isDown(int replicaId) {
    return down[replicaId];
  }

  // ---- running ----------------------------------------------------------------------------

  private void carryOut(int replicaId, List<Effect> effects) {
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send) {
        network.add(new Envelope(send.to(), send.message()));
      } else if (effect instanceof Effect.Execute execute) {
        List<Command> log = logs.get(replicaId);
        assertEquals(log.size(), execute.slot(), () -> "replica " + replicaId + " executes slots in order");
        log.add(execute.command());
      } else if (effect instanceof Effect.Acknowledged ack) {
        acknowledged.add(ack);
      } else if (effect instanceof Effect.Persist persist) {
        disks.get(replicaId).add(persist.record());
      } else if (effect instanceof Effect.SendFromLog fromLog) {
        List<Command> log = logs.get(replicaId);
        List<LearnerMessage.Decision> decisions = new ArrayList<>();
        for (long slot = fromLog.fromSlot(); slot < fromLog.toSlot() && slot < log.size() && decisions.size() < 64; slot++) {
          decisions.add(new LearnerMessage.Decision(slot, log.get((int) slot)));
        }
        network.add(new Envelope(fromLog.to(), new LearnerMessage.CatchUpReply(decisions)));
      }
    }
  }

  private void deliver(Envelope envelope) {
    if (dropRule.test(envelope)) {
      dropped++;
      return;
    }
    Address to = envelope.to();
    if (to.role() == Address.Role.CLIENT) {
      if (!clientDown[to.id()]) {
        carryOut(-1, clients[to.id()].handle((ClientMessage) envelope.message()));
      }
      return;
    }
    int id = to.id();
    if (down[id]) {
      return;
    }
    switch (to.role()) {
      case ACCEPTOR -> carryOut(id, acceptors[id].handle((AcceptorMessage) envelope.message()));
      case PROPOSER -> carryOut(id, proposers[id].handle((ProposerMessage) envelope.message()));
      case LEARNER -> carryOut(id, learners[id].handle((LearnerMessage) envelope.message()));
      default -> throw new IllegalStateException("no such role: " + to);
    }
  }

  /**
   * Delivers what is in flight, then one tick passes. Network messages are lost with probability
   * {@code loss}; with {@code shuffle} messages arrive in random order and one in ten is held back
   * for a later round.
   */
  void round(boolean shuffle, double loss) {
    List<Envelope> batch = network;
    network = new ArrayList<>();
    if (shuffle) {
      Collections.shuffle(batch, random);
    }
    for (Envelope envelope : batch) {
      if (shuffle && random.nextInt(10) == 0) {
        network.add(envelope);
      } else if (loss > 0 && envelope.message() instanceof WireMessage && random.nextDouble() < loss) {
        dropped++;
      } else {
        deliver(envelope);
      }
    }
    for (int id = 0; id < proposers.length; id++) {
      if (!down[id]) {
        carryOut(id, proposers[id].handle(ProposerMessage.Tick.INSTANCE));
        carryOut(id, learners[id].handle(LearnerMessage.Tick.INSTANCE));
      }
    }
    for (int id = 0; id < clients.length; id++) {
      if (!clientDown[id]) {
        carryOut(-1, clients[id].handle(ClientMessage.Tick.INSTANCE));
      }
    }
  }

  /** Runs reliable, in-order rounds until {@link #done()}; false if that takes over {@code maxRounds}. */
  boolean runUntilDone(int maxRounds) {
    for (int round = 0; round < maxRounds; round++) {
      if (done()) {
        return true;
      }
      round(false, 0);
    }
    return done();
  }

  /** Every line acknowledged, and every live replica has executed the same number of slots. */
  boolean done() {
    for (Client client : clients) {
      if (!client.isDone()) {
        return false;
      }
    }
    int length = -1;
    for (int id = 0; id < logs.size(); id++) {
      if (!down[id]) {
        if (length >= 0 && logs.get(id).size() != length) {
          return false;
        }
        length = logs.get(id).size();
      }
    }
    return true;
  }

  /** The live replica that leads, or -1. */
  int leader() {
    for (int id = 0; id < proposers.length; id++) {
      if (!down[id] && proposers[id].isLeading()) {
        return id;
      }
    }
    return -1;
  }

  // ---- checks -----------------------------------------------------------------------------

  /**
   * Safety: all chat logs agree slot by slot (one is a prefix of the other), and in each, every
   * line executes at most once and each client's lines run in seq order without gaps.
   */
  void assertSafe(String run) {
    List<Command> longest = List.of();
    for (List<Command> log : logs) {
      if (log.size() > longest.size()) {
        longest = log;
      }
    }
    for (int id = 0; id < logs.size(); id++) {
      List<Command> log = logs.get(id);
      int replica = id;
      assertEquals(longest.subList(0, log.size()), log, () -> run + ": replica " + replica + "'s log diverges");
      Set<RequestId> seen = new HashSet<>();
      Map<Integer, Long> lastSeq = new HashMap<>();
      for (Command command : log) {
        for (Command.ChatLine line : Command.linesOf(command)) {
          assertTrue(seen.add(line.requestId()), () -> run + ": executed twice: " + line);
          long previous = lastSeq.getOrDefault(line.clientId(), 0L);
          assertEquals(previous + 1, line.seq(), () -> run + ": client order broken at " + line);
          lastSeq.put(line.clientId(), line.seq());
        }
      }
    }
  }

  /** Every line of every client is in the log of every live replica. */
  void assertEveryLineExecuted(String run) {
    int total = 0;
    for (Client client : clients) {
      total += client.total();
    }
    for (int id = 0; id < logs.size(); id++) {
      if (down[id]) {
        continue;
      }
      long lines = logs.get(id).stream().mapToLong(command -> Command.linesOf(command).size()).sum();
      assertEquals(total, lines, run + ": replica " + id + " is missing lines");
    }
  }

  List<Command> log(int replicaId) {
    return logs.get(replicaId);
  }

  Client client(int clientId) {
    return clients[clientId];
  }

  Proposer proposer(int replicaId) {
    return proposers[replicaId];
  }

  Acceptor acceptor(int replicaId) {
    return acceptors[replicaId];
  }

  Learner learner(int replicaId) {
    return learners[replicaId];
  }

  long dropped() {
    return dropped;
  }

  /** One line per replica and client, for a failure message. */
  String describe() {
    StringBuilder state = new StringBuilder();
    for (int id = 0; id < proposers.length; id++) {
      state.append("\n  replica ").append(id).append(down[id] ? " down" : "")
          .append(": ").append(proposers[id].mode()).append(" view ").append(proposers[id].view())
          .append(", executed ").append(logs.get(id).size())
          .append(", acceptor promised ").append(acceptors[id].promised())
          .append(" pruned below ").append(acceptors[id].prunedBelow());
    }
    for (int id = 0; id < clients.length; id++) {
      state.append("\n  client ").append(id).append(": acknowledged ").append(clients[id].acknowledged())
          .append('/').append(clients[id].total()).append(", retries ").append(clients[id].retries());
    }
    return state.toString();
  }

  ProtocolSettings settings() {
    return settings;
  }
}
