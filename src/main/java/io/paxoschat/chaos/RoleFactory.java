package io.paxoschat.chaos;

import io.paxoschat.paxos.ProtocolSettings;
import java.util.Random;

/** Builds the roles of a replica; the simulator asks again for a proposer and learner on restart. */
public interface RoleFactory {

  ProtocolRole acceptor(int id);

  /**
   * The acceptor of replica {@code id} once it restarts after a crash. The shipped answer is the
   * same one: its promises and acceptances are as durable as if they were on disk.
   */
  default ProtocolRole acceptorAfterRestart(int id, ProtocolRole beforeCrash) {
    return beforeCrash;
  }

  ProtocolRole proposer(int id, int replicaCount, ProtocolSettings settings, Random random);

  ProtocolRole learner(int id, int replicaCount, ProtocolSettings settings);

  /** The real protocol: the pure core of {@code io.paxoschat.paxos}, unchanged. */
  static RoleFactory core() {
    return CoreRoles.INSTANCE;
  }
}
