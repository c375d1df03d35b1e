package io.paxoschat.chaos;

import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Message;

/** Something that happens at one instant of virtual time. */
sealed interface SimEvent {

  /** {@code message} from {@code from} reaches {@code to}; {@code duplicate} marks a network copy. */
  record Delivery(Address from, Address to, Message message, boolean duplicate) implements SimEvent {}

  /** The timers of replica {@code replicaId} fire, if it still runs incarnation {@code incarnation}. */
  record ReplicaTick(int replicaId, int incarnation) implements SimEvent {}

  /** The timer of client {@code clientId} fires (its first tick also starts it). */
  record ClientTick(int clientId) implements SimEvent {}

  /** A fault or scripted step, such as a crash or a partition; {@code label} names it in traces. */
  record Action(String label, Runnable body) implements SimEvent {}
}
