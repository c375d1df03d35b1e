package io.paxoschat.chaos;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.ProtocolSettings;
import java.util.List;
import java.util.Map;
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
   * The proposer of replica {@code id} once it restarts: its {@link ProtocolRole#start()} is a
   * restart as a follower of the view its acceptor durably {@code promised}, knowing its learner
   * executed every slot below {@code executedUpTo}. The shipped answer is the core's.
   */
  default ProtocolRole proposerAfterRestart(
      int id, int replicaCount, ProtocolSettings settings, Random random, Ballot promised, long executedUpTo) {
    return CoreRoles.INSTANCE.restartedProposer(id, replicaCount, settings, random, promised, executedUpTo);
  }

  /**
   * The learner of replica {@code id} once it restarts, rebuilt from its chat log, the executed
   * form of its first {@code executed.size()} slots. The shipped answer is the core's.
   */
  default ProtocolRole learnerAfterRestart(int id, int replicaCount, ProtocolSettings settings, List<Command> executed) {
    return CoreRoles.INSTANCE.recoveredLearner(id, replicaCount, settings, executed);
  }

  /** The real protocol: the pure core of {@code io.paxoschat.paxos}, unchanged. */
  static RoleFactory core() {
    return CoreRoles.INSTANCE;
  }
}
