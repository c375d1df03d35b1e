package io.paxoschat.chaos;

import io.paxoschat.paxos.AcceptorRecord;
import io.paxoschat.paxos.ExecutedPrefix;
import io.paxoschat.paxos.ProtocolSettings;
import io.paxoschat.paxos.RecoveredReplica;
import java.util.List;
import java.util.Random;

/** Builds the roles of a replica, fresh or restarted; planted bugs in tests override one of them. */
public interface RoleFactory {

  ProtocolRole acceptor(int id);

  /**
   * The acceptor of replica {@code id} once it restarts after losing its disk: empty, and
   * (the shipped answer) not voting until an instance started after its return is decided; its
   * {@link ProtocolRole#start()} persists the record that says so.
   */
  default ProtocolRole acceptorAfterDiskLoss(int id, ProtocolSettings settings) {
    return CoreRoles.INSTANCE.rejoiningAcceptor(id, settings);
  }

  /** A fresh proposer; {@code skipSlot} is the slot it leaves empty as leader of view 0, or -1. */
  ProtocolRole proposer(int id, int replicaCount, ProtocolSettings settings, Random random, long skipSlot);

  ProtocolRole learner(int id, int replicaCount, ProtocolSettings settings);

  /**
   * The roles of replica {@code id} once it restarts from what it made durable: the records its
   * acceptor persisted, in order, and what its chat log kept. The shipped answer is the core's
   * one restart ({@link RecoveredReplica}); a planted bug may replace any of the three roles.
   */
  default RestartedRoles restart(int id, int replicaCount, ProtocolSettings settings, Random random,
      List<AcceptorRecord> acceptorRecords, ExecutedPrefix chatLog) {
    return CoreRoles.INSTANCE.restarted(id, replicaCount, settings, random, acceptorRecords, chatLog);
  }

  /** The real protocol: the pure core of {@code io.paxoschat.paxos}, unchanged. */
  static RoleFactory core() {
    return CoreRoles.INSTANCE;
  }
}
