package io.paxoschat.remote;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.ConfigException;
import io.paxoschat.config.NodeAddress;
import io.paxoschat.config.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pekko settings of one node's actor system: remoting (Artery TCP, or TLS over TCP with
 * mutual authentication) bound to the node's host:port from the cluster file. The cluster
 * file's own {@code pekko} block comes underneath, so it can tune Artery but cannot move a node.
 */
public final class NodeSystemConfig {

  static final String MAX_CHANNELS = "pekko.io.tcp.max-channels";
  static final int DEFAULT_MAX_CHANNELS = 4096;
  static final String INBOUND_LANES = "pekko.remote.artery.advanced.inbound-lanes";
  static final String TLS_CIPHER_SUITES = "pekko.remote.artery.ssl.config-ssl-engine.enabled-algorithms";
  static final String TLS_CIPHER_SUITE = "TLS_CHACHA20_POLY1305_SHA256";
  static final String BIND_TIMEOUT = "pekko.remote.artery.bind.bind-timeout";
  static final String SCHEDULER_TICK = SchedulerTick.KEY;
  static final String DEFAULT_DISPATCHER = "pekko.actor.default-dispatcher";
  static final String DISPATCHER_THREADS_MIN = DEFAULT_DISPATCHER + ".fork-join-executor.parallelism-min";
  static final String DISPATCHER_THREADS_MAX = DEFAULT_DISPATCHER + ".fork-join-executor.parallelism-max";
  static final String INTERNAL_THREADS_MIN = "pekko.actor.internal-dispatcher.fork-join-executor.parallelism-min";
  /** Where Artery's streams and Pekko's TCP connections run: everything that is not ours. */
  static final List<String> TRANSPORT_DISPATCHERS = List.of(
      "pekko.remote.artery.advanced.use-dispatcher",
      "pekko.remote.artery.advanced.use-control-stream-dispatcher",
      "pekko.io.tcp.worker-dispatcher",
      "pekko.io.tcp.management-dispatcher");
  static final String ACTOR_REF_COMPRESSION = "pekko.remote.artery.advanced.compression.actor-refs.advertisement-interval";
  static final String MANIFEST_COMPRESSION = "pekko.remote.artery.advanced.compression.manifests.advertisement-interval";
  /** Where Artery listens behind a node's front door: reachable from this host only. */
  static final String ARTERY_BEHIND_DOOR = "127.0.0.1";

  private NodeSystemConfig() {}

  public static Config forNode(ClusterConfig cluster, NodeId node) {
    NodeAddress at = node.addressIn(cluster);
    Map<String, Object> settings = new HashMap<>();
    settings.put("pekko.actor.provider", "remote");
    settings.put("pekko.remote.warn-about-direct-use", "off");
    settings.put("pekko.remote.artery.canonical.hostname", at.host());
    settings.put("pekko.remote.artery.canonical.port", at.port());
    if (cluster.frontDoor().enabled()) {
      // The node's FrontDoor listens on its port and relays to Artery on a private one.
      settings.put("pekko.remote.artery.bind.hostname", ARTERY_BEHIND_DOOR);
      settings.put("pekko.remote.artery.bind.port", 0);
    }
    // Without Pekko Cluster nobody needs remote system messages, selections, PoisonPill or Kill;
    // refusing them leaves plain messages to the ingress as the only way in.
    settings.put("pekko.remote.artery.untrusted-mode", "on");
    TlsConfig tls = cluster.tls();
    if (tls.enabled()) {
      String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
      settings.put("pekko.remote.artery.transport", "tls-tcp");
      settings.put(engine + "key-store", existing(cluster, tls.keyStore(node.name())).toString());
      settings.put(engine + "trust-store", existing(cluster, tls.trustStore()).toString());
      settings.put(engine + "key-store-password", tls.password());
      settings.put(engine + "key-password", tls.password());
      settings.put(engine + "trust-store-password", tls.password());
      settings.put(engine + "protocol", "TLSv1.3");
      settings.put(engine + "require-mutual-authentication", "on");
      settings.put(engine + "hostname-verification", "on");
    } else {
      settings.put("pekko.remote.artery.transport", "tcp");
    }
    return ConfigFactory.load(ConfigFactory.parseMap(settings)
        .withFallback(cluster.pekko())
        .withFallback(ConfigFactory.parseMap(tunableDefaults(
            dispatcherThreads(Runtime.getRuntime().availableProcessors(), cluster.nodesOnHost(at.host())),
            SchedulerTick.forProtocolTick(cluster.tick()))))
        .withFallback(ConfigFactory.parseResourcesAnySyntax("application")));
  }

  /**
   * Settings the cluster file's {@code pekko} block may change.
   *
   * <p>A last bound on file descriptors: Pekko's TCP layer, which Artery listens and connects
   * through, keeps at most this many channels open (inbound and outbound together, a soft
   * limit), well below a process's usual 20,000 file descriptors. The {@link FrontDoor} caps a
   * stranger's connections far lower; without it (front-door off) this cap is all there is, and
   * Artery's listener stops accepting for good once it is reached.
   *
   * <p>One inbound lane: Artery splits what arrives over its lanes by recipient, and every
   * message to a node goes to one recipient, its ingress, so more lanes only add a partitioning
   * stage and idle streams to every message (a quarter of a replica's CPU per line, measured).
   *
   * <p>TLS with ChaCha20-Poly1305: nodes run the C1 compiler alone (bin/_common.sh), which has no
   * AES-GCM intrinsics, and the JDK's AES-GCM in plain Java costs about five times the CPU per
   * byte of its ChaCha20-Poly1305 (a TLS 1.3 suite of equal standing). Only TLS nodes read it.
   *
   * <p>30 s for Artery to bind its listener, not Pekko's 3 s: a node started on a busy host (a
   * client JVM next to five others on two cores) took longer than 3 s, and its actor system then
   * failed to start at all. The bound only stops a node that can never bind.
   *
   * <p>Fewer wake-ups. A message between nodes passes through Pekko's TCP connection actors,
   * Artery's streams and our actors; on their own dispatchers (Pekko's default) each hand-over
   * wakes another thread, and a replica's dispatchers held some twenty threads that each woke a
   * thousand times a second while a cluster carried 20,000 lines a second. On one dispatcher (of
   * {@link #dispatcherThreads} threads) the next stage mostly runs on the thread that is already
   * awake. Artery compresses the actor references it sends only once it has advertised a table to
   * its peer, after a minute by default: until then every message carries its recipient's and
   * sender's paths as text.
   *
   * <p>Pekko's scheduler ticks as seldom as the protocol's tick allows ({@link SchedulerTick}):
   * every 10 ms for the 20 ms tick of the shipped process-timing, where application.conf's 1 ms
   * tick (for the one-JVM simulation) woke the scheduler thread of every node a thousand times a
   * second, some 4 % of a core each, idle or not.
   */
  static Map<String, Object> tunableDefaults(int dispatcherThreads, Duration schedulerTick) {
    Map<String, Object> defaults = new HashMap<>(Map.of(MAX_CHANNELS, DEFAULT_MAX_CHANNELS,
        INBOUND_LANES, 1,
        BIND_TIMEOUT, "30s",
        TLS_CIPHER_SUITES, List.of(TLS_CIPHER_SUITE),
        DISPATCHER_THREADS_MIN, dispatcherThreads,
        DISPATCHER_THREADS_MAX, dispatcherThreads,
        INTERNAL_THREADS_MIN, 2,
        ACTOR_REF_COMPRESSION, "2s",
        MANIFEST_COMPRESSION, "2s"));
    defaults.put(SCHEDULER_TICK, schedulerTick.toMillis() + "ms");
    TRANSPORT_DISPATCHERS.forEach(key -> defaults.put(key, DEFAULT_DISPATCHER));
    return defaults;
  }

  /**
   * The default dispatcher's threads: the cores, shared among the nodes the cluster file puts on
   * this host, at least one. Seven nodes of a cluster on two cores held fourteen threads with a
   * thread per core each, and a message then waited for thread after thread to be scheduled: with
   * one thread each, the steady round's median p99 over 13 runs was 90 ms against 118 ms, and the
   * ITs ran faster (README, "Latency at a steady rate"). A node alone on its machine keeps a
   * thread per core.
   */
  static int dispatcherThreads(int cores, int nodesOnHost) {
    return Math.max(1, cores / Math.max(1, nodesOnHost));
  }

  private static Path existing(ClusterConfig cluster, Path store) {
    if (!Files.isRegularFile(store)) {
      throw new ConfigException(cluster.source() + ": tls is on, but " + store
          + " does not exist (bin/gen-certs makes it)");
    }
    return store;
  }
}
