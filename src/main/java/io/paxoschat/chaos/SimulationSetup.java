package io.paxoschat.chaos;

import io.paxoschat.paxos.ProtocolSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Everything one simulated run is made of. The same setup gives the same run, bit for bit.
 *
 * @param tickMillis virtual length of one protocol tick
 * @param livenessBoundMillis once faults stop, how long the run may take to acknowledge every
 *     line and bring every live replica's log to the same length
 */
record SimulationSetup(
    long seed,
    int replicaCount,
    ProtocolSettings settings,
    List<ClientSpec> clients,
    RoleFactory roles,
    FaultPhase faults,
    int tickMillis,
    long livenessBoundMillis) {

  static final int TICK_MILLIS = 10;
  static final long LIVENESS_BOUND_MILLIS = 30_000;

  SimulationSetup {
    clients = List.copyOf(clients);
    if (replicaCount < 1 || replicaCount % 2 == 0) {
      throw new IllegalArgumentException("replica count must be odd (2f+1), got " + replicaCount);
    }
    for (int i = 0; i < clients.size(); i++) {
      if (clients.get(i).id() != i) {
        throw new IllegalArgumentException("client ids must be 0..n-1 in order");
      }
    }
  }

  int maxDown() {
    return (replicaCount - 1) / 2;
  }

  SimulationSetup withFaults(FaultPhase plan) {
    return new SimulationSetup(seed, replicaCount, settings, clients, roles, plan, tickMillis,
        livenessBoundMillis);
  }

  SimulationSetup withSettings(ProtocolSettings otherSettings) {
    return new SimulationSetup(seed, replicaCount, otherSettings, clients, roles, faults(), tickMillis,
        livenessBoundMillis);
  }

  SimulationSetup withRoles(RoleFactory otherRoles) {
    return new SimulationSetup(seed, replicaCount, settings, clients, otherRoles, faults, tickMillis,
        livenessBoundMillis);
  }

  /**
   * The setup of one chaos seed: the fault plan, window sizes and client start times are all
   * drawn from {@code seed}, on top of the timing in {@code base}.
   */
  static SimulationSetup forSeed(long seed, int replicaCount, int clientCount, int linesPerClient,
      ProtocolSettings base, RoleFactory roles) {
    SplittableRandom random = new SplittableRandom(seed);
    FaultPhase plan = FaultPhase.draw(random).withDiskWipesFrom(new SplittableRandom(MessageHash.mix(seed, 0xD15C)));
    int[] inFlightChoices = {base.maxInFlight(), 8, 2, 1};
    int[] windowChoices = {base.clientWindow(), 8, 3, 1};
    int[] batchChoices = {base.maxBatchLines(), 16, 3, 1};
    ProtocolSettings settings = base.toBuilder()
        .maxInFlight(inFlightChoices[random.nextInt(inFlightChoices.length)])
        .clientWindow(windowChoices[random.nextInt(windowChoices.length)])
        .maxBatchLines(batchChoices[random.nextInt(batchChoices.length)])
        .build();
    List<ClientSpec> clients = new ArrayList<>();
    for (int id = 0; id < clientCount; id++) {
      long start = random.nextInt((int) (plan.faultMillis() / 2) + 1);
      clients.add(new ClientSpec(id, start, ClientSpec.sampleLines(id, linesPerClient)));
    }
    return new SimulationSetup(seed, replicaCount, settings, clients, roles, plan, TICK_MILLIS,
        LIVENESS_BOUND_MILLIS);
  }

  /** A fault-free setup for scenarios: every client starts at once; faults are scripted. */
  static SimulationSetup quiet(long seed, int replicaCount, int clientCount, int linesPerClient) {
    List<ClientSpec> clients = new ArrayList<>();
    for (int id = 0; id < clientCount; id++) {
      clients.add(new ClientSpec(id, 0, ClientSpec.sampleLines(id, linesPerClient)));
    }
    return new SimulationSetup(seed, replicaCount, ProtocolSettings.defaults(), clients,
        RoleFactory.core(), FaultPhase.none(0), TICK_MILLIS, LIVENESS_BOUND_MILLIS);
  }
}
