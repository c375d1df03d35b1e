package io.paxoschat.chaos;

import io.paxoschat.events.EventRecorder;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Message;
import java.util.SplittableRandom;

/**
 * The links between replicas and clients: it decides, from its own seeded random stream,
 * whether a message is lost, cut by a partition, duplicated or late, and schedules its delivery.
 * Messages between the roles of one replica never come here: they are local and reliable.
 */
final class Network {

  /**
   * A scripted fault for scenario tests: which messages it affects and when they arrive. It sees
   * every message, local ones between the roles of a replica too.
   */
  interface Rule {
    /**
     * Delivery delays in milliseconds for {@code message}: one per copy, empty to drop it, or
     * {@code null} to leave the message to the ordinary network.
     */
    long[] delays(Address from, Address to, Message message);
  }

  private final EventQueue queue;
  private final SplittableRandom random;
  private final FaultCounter faults;
  private final boolean[][] cut;
  private final EventRecorder events;

  private double loss;
  private double duplicate;
  private int maxDelayMillis = 3;
  private double lateRate;
  private int lateMillis;
  private Rule rule;

  Network(int replicaCount, EventQueue queue, SplittableRandom random, FaultCounter faults) {
    this(replicaCount, queue, random, faults, EventRecorder.OFF);
  }

  Network(int replicaCount, EventQueue queue, SplittableRandom random, FaultCounter faults, EventRecorder events) {
    this.events = events;
    this.queue = queue;
    this.random = random;
    this.faults = faults;
    this.cut = new boolean[replicaCount][replicaCount];
  }

  void setConditions(double loss, double duplicate, int maxDelayMillis, double lateRate, int lateMillis) {
    if (loss < 0 || loss > 0.5 || duplicate < 0 || duplicate >= 1 || maxDelayMillis < 1 || lateRate < 0) {
      throw new IllegalArgumentException("bad network conditions");
    }
    this.loss = loss;
    this.duplicate = duplicate;
    this.maxDelayMillis = maxDelayMillis;
    this.lateRate = lateRate;
    this.lateMillis = Math.max(1, lateMillis);
  }

  void setRule(Rule rule) {
    this.rule = rule;
  }

  /** Messages from replica {@code from} no longer reach replica {@code to}. */
  void cutLink(int from, int to) {
    cut[from][to] = true;
  }

  void healAll() {
    for (boolean[] row : cut) {
      java.util.Arrays.fill(row, false);
    }
  }

  boolean isCut(int from, int to) {
    return cut[from][to];
  }

  /**
   * What the scripted rule says about {@code message}: its delays, one per copy (a drop, with no
   * copy, is recorded here), or null to leave it to the ordinary network.
   */
  long[] scriptedDelays(Address from, Address to, Message message) {
    long[] delays = rule == null ? null : rule.delays(from, to, message);
    if (delays != null && delays.length == 0) {
      events.dropped(from, to, message, EventRecorder.DropCause.LOSS);
    }
    return delays;
  }

  void send(long now, Address from, Address to, Message message) {
    long[] delays = scriptedDelays(from, to, message);
    if (delays != null) {
      for (int copy = 0; copy < delays.length; copy++) {
        queue.schedule(now + delays[copy], new SimEvent.Delivery(from, to, message, copy > 0));
      }
      return;
    }
    if (isReplica(from) && isReplica(to) && cut[from.id()][to.id()]) {
      faults.add(FaultKind.CUT);
      events.dropped(from, to, message, EventRecorder.DropCause.CUT);
      return;
    }
    if (loss > 0 && random.nextDouble() < loss) {
      faults.add(FaultKind.LOSS);
      events.dropped(from, to, message, EventRecorder.DropCause.LOSS);
      return;
    }
    queue.schedule(now + delay(), new SimEvent.Delivery(from, to, message, false));
    if (duplicate > 0 && random.nextDouble() < duplicate) {
      faults.add(FaultKind.DUPLICATE);
      queue.schedule(now + delay(), new SimEvent.Delivery(from, to, message, true));
    }
  }

  private long delay() {
    long delay = 1 + random.nextInt(maxDelayMillis);
    if (lateRate > 0 && random.nextDouble() < lateRate) {
      faults.add(FaultKind.LATE);
      delay += 1 + random.nextInt(lateMillis);
    }
    return delay;
  }

  private static boolean isReplica(Address address) {
    return address.role() != Address.Role.CLIENT;
  }
}
