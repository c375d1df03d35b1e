package io.paxoschat.chaos;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.paxos.ProtocolSettings;

/**
 * What a chaos campaign runs: the cluster shape, the clients, which seeds.
 *
 * @param replicas replicas in the cluster, {@code 2f + 1}
 * @param f crashes the cluster must survive; the nemesis never has more than f replicas down
 * @param clients clients sending at once
 * @param linesPerClient lines each client sends
 * @param seeds how many seeds to run
 * @param fromSeed the first seed; the run covers {@code fromSeed .. fromSeed + seeds - 1}
 * @param configPath the config file the cluster shape came from, for the replay command only
 * @param settings protocol timing; each seed varies window sizes on top of it
 * @param threads runs in parallel (each run is single-threaded and deterministic on its own)
 */
public record ChaosOptions(
    int replicas,
    int f,
    int clients,
    int linesPerClient,
    long seeds,
    long fromSeed,
    String configPath,
    ProtocolSettings settings,
    int threads) {

  public ChaosOptions {
    if (f < 0 || replicas != 2 * f + 1) {
      throw new IllegalArgumentException("replicas must be 2f+1: got " + replicas + " replicas for f=" + f);
    }
    if (clients < 1 || linesPerClient < 1) {
      throw new IllegalArgumentException("need at least one client with at least one line");
    }
    if (seeds < 1 || fromSeed < 0) {
      throw new IllegalArgumentException("need at least one seed, from seed 0 or above");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    if (settings == null) {
      settings = ProtocolSettings.defaults();
    }
  }

  /**
   * The cluster of {@code config} (replicas, f, clients, timing), {@value #DEFAULT_LINES_PER_CLIENT}
   * lines per client, one thread per core.
   */
  public static ChaosOptions fromConfig(ClusterConfig config, long seeds, long fromSeed) {
    return new ChaosOptions(config.replicaCount(), config.f(), config.clientCount(),
        DEFAULT_LINES_PER_CLIENT, seeds, fromSeed, config.source().toString(),
        config.protocolSettings(), Runtime.getRuntime().availableProcessors());
  }

  /** f crashes tolerated, 3 clients of 20 lines, default timing, one thread per core. */
  public static ChaosOptions forF(int f, long seeds, long fromSeed, String configPath) {
    return new ChaosOptions(2 * f + 1, f, 3, DEFAULT_LINES_PER_CLIENT, seeds, fromSeed, configPath,
        ProtocolSettings.defaults(), Runtime.getRuntime().availableProcessors());
  }

  public ChaosOptions withSeeds(long count, long from) {
    return new ChaosOptions(replicas, f, clients, linesPerClient, count, from, configPath, settings, threads);
  }

  public ChaosOptions withThreads(int count) {
    return new ChaosOptions(replicas, f, clients, linesPerClient, seeds, fromSeed, configPath, settings, count);
  }

  public ChaosOptions withClients(int count, int lines) {
    return new ChaosOptions(replicas, f, count, lines, seeds, fromSeed, configPath, settings, threads);
  }

  /** Lines per client unless asked otherwise; the replay command names it only if it differs. */
  public static final int DEFAULT_LINES_PER_CLIENT = 20;

  /**
   * The one command that replays {@code seed} exactly. The config file gives replicas, f,
   * clients and timing; everything else about the run is drawn from the seed.
   */
  public String replayCommand(long seed) {
    String config = configPath == null ? "" : " --config " + configPath;
    String lines = linesPerClient == DEFAULT_LINES_PER_CLIENT ? "" : " --lines-per-client " + linesPerClient;
    return "bin/simulate --chaos --seeds 1 --from " + seed + config + lines;
  }
}
