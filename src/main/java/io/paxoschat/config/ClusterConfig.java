package io.paxoschat.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.paxoschat.paxos.ProtocolSettings;
import io.paxoschat.storage.Durability;
import io.paxoschat.storage.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * A cluster as a HOCON file describes it: the fault tolerance {@code f}, where each replica and
 * client listens, and the protocol timing. A value of this type is always valid: {@link #load}
 * and the constructor refuse anything else with a {@link ConfigException} whose one-line
 * message names the file and the problem.
 *
 * <p>Timing keys left out of the file take the defaults of {@link ProtocolSettings#defaults()},
 * {@link #DEFAULT_TICK} and {@link #DEFAULT_MAX_LINE_BYTES}, so the core and the config cannot
 * disagree about what "default" means; storage keys left out take {@link StorageSettings#defaults()}.
 * A relative {@code storage.data-dir} stays relative: the command that runs a replica resolves it.
 *
 * <p>Only the one-process-per-node mode reads {@code process-timing} (keys that replace those of
 * {@code timing}, see {@link #acrossProcesses()}), {@code tls} (Artery over TLS, see
 * {@link TlsConfig}), {@code front-door} (the listener in front of Artery, see
 * {@link FrontDoorConfig}) and {@code pekko} (settings passed to each node's actor system, under
 * the ones the node must have: its address and transport).
 */
public record ClusterConfig(
    Path source,
    int f,
    List<NodeAddress> replicas,
    List<NodeAddress> clients,
    Duration tick,
    ProtocolSettings protocolSettings,
    int maxLineBytes,
    StorageSettings storage,
    TlsConfig tls,
    Config pekko,
    Timing processTiming,
    List<GatewayConfig> gateways,
    FrontDoorConfig frontDoor) {

  /** The length of a tick and the protocol's timing in ticks. */
  public record Timing(Duration tick, ProtocolSettings settings) {}

  public static final Duration DEFAULT_TICK = Duration.ofMillis(5);
  public static final int DEFAULT_MAX_LINE_BYTES = 4096;

  // A line travels inside protocol messages (batched, re-sent, caught up in chunks); Artery's
  // default frame is 256 KiB, so a single line far below that keeps every message deliverable.
  static final int MAX_LINE_BYTES_LIMIT = 65_536;

  private static final Set<String> TOP_LEVEL_KEYS =
      // "pekko" may carry transport settings for the multi-JVM mode alongside the cluster.
      Set.of("f", "replicas", "clients", "gateways", "timing", "process-timing", "max-line-bytes", "storage", "pekko",
          "tls", "front-door");
  private static final Set<String> GATEWAY_KEYS =
      Set.of("id", "host", "port", "http-port", "client-ids", "max-name-chars", "lines-per-second");
  /** A replica's optional key: where it serves its Prometheus metrics. */
  private static final String METRICS_PORT = "metrics-port";
  private static final Set<String> STORAGE_KEYS = Set.of("durability", "data-dir", "compaction");
  private static final Set<String> TLS_KEYS = Set.of("enabled", "dir", "password");
  private static final Set<String> FRONT_DOOR_KEYS = Set.of("enabled", "max-connections", "max-connections-per-address",
      "handshake-timeout");
  private static final List<String> TIMING_KEYS =
      List.of(
          "tick",
          "heartbeat-ticks",
          "election-timeout-min-ticks",
          "election-timeout-max-ticks",
          "retransmit-ticks",
          "catch-up-ticks",
          "chat-log-sync-ticks",
          "max-in-flight",
          "client-retry-ticks",
          "client-window",
          "max-batch-lines",
          "max-batch-bytes");

  /** A cluster with default storage, without TLS or extra Pekko settings. */
  public ClusterConfig(
      Path source,
      int f,
      List<NodeAddress> replicas,
      List<NodeAddress> clients,
      Duration tick,
      ProtocolSettings protocolSettings,
      int maxLineBytes) {
    this(source, f, replicas, clients, tick, protocolSettings, maxLineBytes, StorageSettings.defaults(),
        TlsConfig.OFF,
        ConfigFactory.empty(), new Timing(tick, protocolSettings), List.of(), FrontDoorConfig.DEFAULTS);
  }

  /**
   * This cluster as one JVM per node runs it: with {@code process-timing} in place of
   * {@code timing}. Processes share the machine's cores with each other's start-up and garbage
   * collection and talk over sockets, so a follower needs more patience before it gives up on
   * its leader than actors in one JVM do.
   */
  public ClusterConfig acrossProcesses() {
    return new ClusterConfig(source, f, replicas, clients, processTiming.tick(),
        processTiming.settings(), maxLineBytes, storage, tls, pekko, processTiming, gateways, frontDoor);
  }

  public ClusterConfig {
    replicas = List.copyOf(replicas);
    clients = List.copyOf(clients);
    gateways = List.copyOf(gateways);
    String at = source + ": ";
    if (f < 1) {
      throw new ConfigException(
          at + "f = " + f + " tolerates no crash, which is pointless for a replicated log; use f >= 1");
    }
    int needed = 2 * f + 1;
    if (replicas.size() != needed) {
      throw new ConfigException(
          at + "f = " + f + " needs " + needed + " replicas, found " + replicas.size());
    }
    if (clients.isEmpty()) {
      throw new ConfigException(at + "no clients: list at least one under 'clients'");
    }
    checkIds(at, "replica", replicas);
    checkIds(at, "client", clients);
    checkAddresses(at, replicas, clients, gateways);
    checkGateways(at, clients.size(), gateways);
    if (tick.isNegative() || tick.isZero()) {
      throw new ConfigException(at + "timing.tick must be positive, found " + show(tick));
    }
    if (processTiming.tick().isNegative() || processTiming.tick().isZero()) {
      throw new ConfigException(
          at + "process-timing.tick must be positive, found " + show(processTiming.tick()));
    }
    if (maxLineBytes < 1 || maxLineBytes > MAX_LINE_BYTES_LIMIT) {
      throw new ConfigException(
          at + "max-line-bytes must be between 1 and " + MAX_LINE_BYTES_LIMIT + ", found "
              + maxLineBytes);
    }
  }

  /** Reads, parses and validates a cluster file. */
  public static ClusterConfig load(Path file) {
    if (!Files.exists(file)) {
      throw new ConfigException(file + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file + ": not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new ConfigException(file + ": cannot read (permission denied)");
    }
    Config config;
    try {
      config =
          ConfigFactory.parseFile(
                  file.toFile(),
                  ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF))
              .resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(file + ": " + describe(e), e);
    }
    return fromConfig(config, file);
  }

  /** Parses cluster settings from HOCON text; {@code source} only names it in error messages. */
  public static ClusterConfig parse(String hocon, Path source) {
    Config config;
    try {
      config =
          ConfigFactory.parseString(
                  hocon, ConfigParseOptions.defaults().setOriginDescription(source.toString()))
              .resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(source + ": " + describe(e), e);
    }
    return fromConfig(config, source);
  }

  public int replicaCount() {
    return replicas.size();
  }

  public int clientCount() {
    return clients.size();
  }

  /** The replica with this id; ids are 0..replicaCount()-1 and listed in id order. */
  public NodeAddress replica(int id) {
    if (id < 0 || id >= replicas.size()) {
      throw new IllegalArgumentException("no replica " + id + " in " + source);
    }
    return replicas.get(id);
  }

  /** The client with this id; ids are 0..clientCount()-1 and listed in id order. */
  public NodeAddress client(int id) {
    if (id < 0 || id >= clients.size()) {
      throw new IllegalArgumentException("no client " + id + " in " + source);
    }
    return clients.get(id);
  }

  /**
   * How many of the file's replicas, clients and gateways listen on {@code host}: the nodes that
   * share that machine. Loopback names count as one host, however the file writes them.
   */
  public int nodesOnHost(String host) {
    String here = loopbackAsOne(host);
    return (int) hostsOfEveryNode(replicas, clients, gateways).stream()
        .filter(other -> loopbackAsOne(other).equals(here)).count();
  }

  private static String loopbackAsOne(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.equals("localhost") || lower.startsWith("127.") || lower.equals("::1") || lower.equals("[::1]")
        ? "loopback" : lower;
  }

  /** The host of every replica, client and gateway, one entry per node. */
  private static List<String> hostsOfEveryNode(List<NodeAddress> replicas, List<NodeAddress> clients,
      List<GatewayConfig> gateways) {
    List<String> hosts = new ArrayList<>();
    replicas.forEach(node -> hosts.add(node.host()));
    clients.forEach(node -> hosts.add(node.host()));
    gateways.forEach(node -> hosts.add(node.host()));
    return hosts;
  }

  private static ClusterConfig fromConfig(Config config, Path source) {
    Reader in = new Reader(config, source);
    in.refuseUnknownKeys(config, "", TOP_LEVEL_KEYS);
    int f = in.get("f", ClusterConfig::wholeNumber, "a whole number");
    List<NodeAddress> replicas = in.nodes("replicas", true);
    List<NodeAddress> clients = in.nodes("clients", false);

    ProtocolSettings d = ProtocolSettings.defaults();
    Duration[] tick = {DEFAULT_TICK};
    int[] ticks = {
      d.heartbeatTicks(),
      d.electionTimeoutMinTicks(),
      d.electionTimeoutMaxTicks(),
      d.retransmitTicks(),
      d.catchUpTicks(),
      d.chatLogSyncTicks(),
      d.maxInFlight(),
      d.clientRetryTicks(),
      d.clientWindow(),
      d.maxBatchLines(),
      d.maxBatchBytes()
    };
    readTiming(in, config, "timing", tick, ticks);
    ProtocolSettings settings = settings(source, "timing", ticks);
    // One JVM per node: process-timing replaces single keys of timing.
    Duration[] processTick = tick.clone();
    int[] processTicks = ticks.clone();
    readTiming(in, config, "process-timing", processTick, processTicks);
    Timing acrossProcesses =
        new Timing(processTick[0], settings(source, "process-timing", processTicks));
    int maxLineBytes =
        config.hasPath("max-line-bytes")
            ? in.get("max-line-bytes", ClusterConfig::wholeNumber, "a whole number")
            : DEFAULT_MAX_LINE_BYTES;
    TlsConfig tls = TlsConfig.OFF;
    if (config.hasPath("tls")) {
      Config block = in.get("tls", Config::getConfig, "a block { enabled, dir, password }");
      in.refuseUnknownKeys(block, "tls.", TLS_KEYS);
      boolean enabled = block.hasPath("enabled") && in.get("tls.enabled", Config::getBoolean, "on or off");
      String password = block.hasPath("password")
          ? in.get("tls.password", Config::getString, "a string")
          : TlsConfig.DEFAULT_PASSWORD;
      Path dir = TlsConfig.OFF.dir();
      if (block.hasPath("dir")) {
        dir = Path.of(in.get("tls.dir", Config::getString, "a directory path"));
      } else if (enabled) {
        throw new ConfigException(source + ": tls.dir is missing: name the directory bin/gen-certs wrote");
      }
      Path base = source.toAbsolutePath().getParent();
      tls = new TlsConfig(enabled, base == null ? dir : base.resolve(dir).normalize(), password);
    }
    Config pekko = config.hasPath("pekko")
        ? in.get("pekko", (c, p) -> c.getConfig(p).atPath(p), "a block { ... }")
        : ConfigFactory.empty();
    List<GatewayConfig> gateways = config.hasPath("gateways") ? in.gateways() : List.of();
    return new ClusterConfig(source, f, replicas, clients, tick[0], settings, maxLineBytes,
        storage(config, in, source), tls, pekko, acrossProcesses, gateways,
        frontDoor(config, in, source, mostNodesOnOneHost(replicas, clients, gateways)));
  }

  private static int mostNodesOnOneHost(List<NodeAddress> replicas, List<NodeAddress> clients,
      List<GatewayConfig> gateways) {
    Map<String, Integer> perHost = new HashMap<>();
    hostsOfEveryNode(replicas, clients, gateways).forEach(host -> perHost.merge(host, 1, Integer::sum));
    return perHost.values().stream().max(Integer::compare).orElse(0);
  }

  /** Overwrites {@code tick} and {@code ticks} with the keys that block {@code name} sets. */
  private static void readTiming(Reader in, Config config, String name, Duration[] tick, int[] ticks) {
    if (!config.hasPath(name)) {
      return;
    }
    Config timing = in.get(name, Config::getConfig, "a block { ... }");
    in.refuseUnknownKeys(timing, name + ".", Set.copyOf(TIMING_KEYS));
    if (timing.hasPath("tick")) {
      tick[0] = in.get(name + ".tick", Config::getDuration, "a duration such as 5ms");
    }
    // TIMING_KEYS after "tick" are in the order of the ticks array.
    for (int i = 0; i < ticks.length; i++) {
      String key = TIMING_KEYS.get(i + 1);
      if (timing.hasPath(key)) {
        ticks[i] = in.get(name + "." + key, ClusterConfig::wholeNumber, "a whole number");
      }
    }
  }

  private static ProtocolSettings settings(Path source, String name, int[] ticks) {
    try {
      return ProtocolSettings.builder()
          .heartbeatTicks(ticks[0])
          .electionTimeoutTicks(ticks[1], ticks[2])
          .retransmitTicks(ticks[3])
          .catchUpTicks(ticks[4])
          .chatLogSyncTicks(ticks[5])
          .maxInFlight(ticks[6])
          .clientRetryTicks(ticks[7])
          .clientWindow(ticks[8])
          .maxBatchLines(ticks[9])
          .maxBatchBytes(ticks[10])
          .build();
    } catch (IllegalArgumentException e) {
      // The reader needs the values in play, including defaults they did not write.
      StringBuilder inEffect = new StringBuilder();
      for (int i = 0; i < ticks.length; i++) {
        inEffect.append(i == 0 ? "" : ", ").append(TIMING_KEYS.get(i + 1)).append(" = ").append(ticks[i]);
      }
      throw new ConfigException(
          source + ": " + name + ": " + e.getMessage() + " (in effect: " + inEffect + ")", e);
    }
  }

  private static FrontDoorConfig frontDoor(Config config, Reader in, Path source, int nodesOnOneHost) {
    FrontDoorConfig defaults = FrontDoorConfig.DEFAULTS;
    int perAddressDefault = FrontDoorConfig.perAddressDefaultFor(nodesOnOneHost);
    if (!config.hasPath("front-door")) {
      return new FrontDoorConfig(defaults.enabled(), defaults.maxConnections(), perAddressDefault,
          defaults.handshakeTimeout());
    }
    Config block = in.get("front-door", Config::getConfig,
        "a block { enabled, max-connections, max-connections-per-address, handshake-timeout }");
    in.refuseUnknownKeys(block, "front-door.", FRONT_DOOR_KEYS);
    boolean enabled = block.hasPath("enabled")
        ? in.get("front-door.enabled", Config::getBoolean, "on or off")
        : defaults.enabled();
    int maxConnections = block.hasPath("max-connections")
        ? in.get("front-door.max-connections", ClusterConfig::wholeNumber, "a whole number")
        : defaults.maxConnections();
    int perAddress = block.hasPath("max-connections-per-address")
        ? in.get("front-door.max-connections-per-address", ClusterConfig::wholeNumber, "a whole number")
        : perAddressDefault;
    Duration timeout = block.hasPath("handshake-timeout")
        ? in.get("front-door.handshake-timeout", Config::getDuration, "a duration such as 5s")
        : defaults.handshakeTimeout();
    try {
      return new FrontDoorConfig(enabled, maxConnections, perAddress, timeout);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    }
  }

  private static StorageSettings storage(Config config, Reader in, Path source) {
    StorageSettings storage = StorageSettings.defaults();
    if (!config.hasPath("storage")) {
      return storage;
    }
    Config block = in.get("storage", Config::getConfig, "a block { ... }");
    in.refuseUnknownKeys(block, "storage.", STORAGE_KEYS);
    if (block.hasPath("durability")) {
      String name = in.get("storage.durability", Config::getString, "a string");
      Durability durability = Durability.parse(name);
      if (durability == null) {
        throw new ConfigException(source + ": " + Reader.lineOf(config, "storage.durability")
            + "storage.durability must be fsync, os or memory, found '" + name + "'");
      }
      storage = storage.withDurability(durability);
    }
    if (block.hasPath("data-dir")) {
      String dir = in.get("storage.data-dir", Config::getString, "a string");
      if (dir.isBlank()) {
        throw new ConfigException(source + ": " + Reader.lineOf(config, "storage.data-dir")
            + "storage.data-dir is empty");
      }
      storage = storage.withDataDir(Path.of(dir));
    }
    if (block.hasPath("compaction")) {
      storage = storage.withCompaction(in.get("storage.compaction", Config::getBoolean, "on or off"));
    }
    return storage;
  }

  private static void checkIds(String at, String kind, List<NodeAddress> nodes) {
    Set<Integer> seen = new TreeSet<>();
    for (NodeAddress node : nodes) {
      if (!seen.add(node.id())) {
        throw new ConfigException(at + kind + " id " + node.id() + " appears more than once");
      }
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).id() != i) {
        String found =
            nodes.stream().map(n -> String.valueOf(n.id())).collect(Collectors.joining(", "));
        throw new ConfigException(
            at + kind + " ids must be 0.." + (nodes.size() - 1) + " in order, found " + found);
      }
    }
  }

  private static void checkAddresses(
      String at, List<NodeAddress> replicas, List<NodeAddress> clients, List<GatewayConfig> gateways) {
    Map<String, String> owners = new HashMap<>();
    List<Map.Entry<String, NodeAddress>> all = new ArrayList<>();
    replicas.forEach(n -> all.add(Map.entry("replica " + n.id(), n)));
    clients.forEach(n -> all.add(Map.entry("client " + n.id(), n)));
    gateways.forEach(g -> all.add(Map.entry("gateway " + g.id(), g.address())));
    // A gateway's HTTP port shares the host's ports with every Artery listener.
    gateways.forEach(g -> all.add(Map.entry("gateway " + g.id() + " (http-port)",
        new NodeAddress(g.id(), g.host(), g.httpPort()))));
    for (Map.Entry<String, NodeAddress> entry : all) {
      String who = entry.getKey();
      NodeAddress node = entry.getValue();
      if (node.host() == null || node.host().isBlank()) {
        throw new ConfigException(at + who + ": host is empty");
      }
      if (node.port() < 1 || node.port() > 65_535) {
        throw new ConfigException(
            at + who + ": port " + node.port() + " is outside 1..65535");
      }
      String previous = owners.putIfAbsent(node.hostPort(), who);
      if (previous != null) {
        throw new ConfigException(
            at + node.hostPort() + " is used by both " + previous + " and " + who);
      }
    }
    for (NodeAddress replica : replicas) {
      if (replica.metricsPort() == 0) {
        continue;
      }
      String who = "replica " + replica.id() + " metrics-port";
      if (replica.metricsPort() < 1 || replica.metricsPort() > 65_535) {
        throw new ConfigException(at + who + " " + replica.metricsPort() + " is outside 1..65535");
      }
      String hostPort = replica.host() + ":" + replica.metricsPort();
      String previous = owners.putIfAbsent(hostPort, who);
      if (previous != null) {
        throw new ConfigException(at + hostPort + " is used by both " + previous + " and " + who);
      }
    }
  }

  /**
   * Gateway ids 0..n-1 in order; each gateway's block of client ids is a range of at least two
   * (its own reader and one tab), clear of the clients' ids 0..clients-1 and of every other block.
   */
  private static void checkGateways(String at, int clientCount, List<GatewayConfig> gateways) {
    for (int i = 0; i < gateways.size(); i++) {
      GatewayConfig gateway = gateways.get(i);
      String who = "gateway " + gateway.id();
      if (gateway.id() != i) {
        String found = gateways.stream().map(g -> String.valueOf(g.id())).collect(Collectors.joining(", "));
        throw new ConfigException(at + "gateway ids must be 0.." + (gateways.size() - 1) + " in order, found " + found);
      }
      if (gateway.firstClientId() < 0 || gateway.lastClientId() <= gateway.firstClientId()) {
        throw new ConfigException(at + who + ": client-ids = [" + gateway.firstClientId() + ", "
            + gateway.lastClientId() + "] is not a range [first, last] with 0 <= first < last");
      }
      if (gateway.firstClientId() < clientCount) {
        throw new ConfigException(at + who + ": client-ids [" + gateway.firstClientId() + ", "
            + gateway.lastClientId() + "] overlap the clients' ids 0.." + (clientCount - 1));
      }
      for (GatewayConfig other : gateways.subList(0, i)) {
        if (gateway.firstClientId() <= other.lastClientId() && other.firstClientId() <= gateway.lastClientId()) {
          throw new ConfigException(at + who + ": client-ids [" + gateway.firstClientId() + ", "
              + gateway.lastClientId() + "] overlap those of gateway " + other.id());
        }
      }
      if (gateway.maxNameChars() < 1 || gateway.maxNameChars() > 256) {
        throw new ConfigException(at + who + ": max-name-chars must be between 1 and 256, found "
            + gateway.maxNameChars());
      }
      if (gateway.linesPerSecond() < 1) {
        throw new ConfigException(at + who + ": lines-per-second must be at least 1, found "
            + gateway.linesPerSecond());
      }
    }
  }

  /** The gateway whose block holds {@code clientId}, or null: such a client lives on that gateway. */
  public GatewayConfig gatewayHosting(int clientId) {
    for (GatewayConfig gateway : gateways) {
      if (gateway.hosts(clientId)) {
        return gateway;
      }
    }
    return null;
  }

  public GatewayConfig gateway(int id) {
    if (id < 0 || id >= gateways.size()) {
      throw new IllegalArgumentException("no gateway " + id + " in " + source);
    }
    return gateways.get(id);
  }

  /** Like {@link Config#getInt}, which would silently turn a port of 3.5 into 3. */
  private static int wholeNumber(Config config, String path) {
    Object value = config.getValue(path).unwrapped();
    if (value instanceof Double) {
      throw new com.typesafe.config.ConfigException.WrongType(
          config.getValue(path).origin(), path, "whole number", "decimal number");
    }
    return config.getInt(path);
  }

  private static String show(Duration duration) {
    return duration.toNanos() % 1_000_000 == 0
        ? duration.toMillis() + "ms"
        : duration.toNanos() + "ns";
  }

  /** Typesafe's message without its origin prefix, with the line number kept, on one line. */
  static String describe(com.typesafe.config.ConfigException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    ConfigOrigin origin = e.origin();
    if (origin != null && message.startsWith(origin.description() + ": ")) {
      message = message.substring(origin.description().length() + 2);
    }
    // Typesafe wraps the JDK's reason in its IO messages; keep the reason.
    message = message.replaceFirst("^java\\.io\\.\\w+Exception: ", "");
    String line = origin != null && origin.lineNumber() > 0 ? "line " + origin.lineNumber() + ": " : "";
    return oneLine(line + message);
  }

  static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  /** Typed reads whose failures become one-line ConfigExceptions naming file, line and key. */
  private static final class Reader {
    private final Config root;
    private final Path source;

    Reader(Config root, Path source) {
      this.root = root;
      this.source = source;
    }

    <T> T get(String path, BiFunction<Config, String, T> getter, String expected) {
      return get(root, path, path, getter, expected);
    }

    <T> T get(
        Config config,
        String path,
        String label,
        BiFunction<Config, String, T> getter,
        String expected) {
      if (!config.hasPathOrNull(path)) {
        throw new ConfigException(source + ": missing key '" + label + "'");
      }
      try {
        return getter.apply(config, path);
      } catch (com.typesafe.config.ConfigException.BadValue e) {
        throw new ConfigException(source + ": " + lineOf(config, path) + describeBadValue(e, label), e);
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException(
            source + ": " + lineOf(config, path) + label + " must be " + expected + ", found "
                + render(config, path), e);
      }
    }

    /** The nodes listed under {@code key}; only replicas may name a {@code metrics-port}. */
    List<NodeAddress> nodes(String key, boolean servesMetrics) {
      List<? extends Config> entries = get(key, Config::getConfigList, "a list of { id, host, port }");
      List<NodeAddress> nodes = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        Config entry = entries.get(i);
        String prefix = key + "[" + i + "].";
        int id = get(entry, "id", prefix + "id", ClusterConfig::wholeNumber, "a whole number");
        String host = get(entry, "host", prefix + "host", Config::getString, "a string");
        int port = get(entry, "port", prefix + "port", ClusterConfig::wholeNumber, "a whole number");
        int metricsPort = 0;
        if (entry.hasPath(METRICS_PORT)) {
          if (!servesMetrics) {
            throw new ConfigException(source + ": " + lineOf(entry, METRICS_PORT) + prefix + METRICS_PORT
                + ": only replicas serve metrics");
          }
          metricsPort = get(entry, METRICS_PORT, prefix + METRICS_PORT, ClusterConfig::wholeNumber, "a whole number");
        }
        nodes.add(new NodeAddress(id, host, port, metricsPort));
      }
      return nodes;
    }

    List<GatewayConfig> gateways() {
      List<? extends Config> entries = get("gateways", Config::getConfigList,
          "a list of { id, host, port, http-port, client-ids = [first, last] }");
      List<GatewayConfig> gateways = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        Config entry = entries.get(i);
        String prefix = "gateways[" + i + "].";
        refuseUnknownKeys(entry, prefix, GATEWAY_KEYS);
        int id = get(entry, "id", prefix + "id", ClusterConfig::wholeNumber, "a whole number");
        String host = get(entry, "host", prefix + "host", Config::getString, "a string");
        int port = get(entry, "port", prefix + "port", ClusterConfig::wholeNumber, "a whole number");
        int httpPort = get(entry, "http-port", prefix + "http-port", ClusterConfig::wholeNumber, "a whole number");
        List<Integer> ids = get(entry, "client-ids", prefix + "client-ids", Config::getIntList,
            "a list of two whole numbers [first, last]");
        if (ids.size() != 2) {
          throw new ConfigException(source + ": " + lineOf(entry, "client-ids") + prefix
              + "client-ids must be [first, last], found " + ids.size() + " number(s)");
        }
        int maxName = entry.hasPath("max-name-chars")
            ? get(entry, "max-name-chars", prefix + "max-name-chars", ClusterConfig::wholeNumber, "a whole number")
            : GatewayConfig.DEFAULT_MAX_NAME_CHARS;
        int rate = entry.hasPath("lines-per-second")
            ? get(entry, "lines-per-second", prefix + "lines-per-second", ClusterConfig::wholeNumber,
                "a whole number")
            : GatewayConfig.DEFAULT_LINES_PER_SECOND;
        gateways.add(new GatewayConfig(id, host, port, httpPort, ids.get(0), ids.get(1), maxName, rate));
      }
      return gateways;
    }

    void refuseUnknownKeys(Config config, String prefix, Set<String> known) {
      for (String key : new TreeSet<>(config.root().keySet())) {
        if (!known.contains(key)) {
          ConfigOrigin origin = config.root().get(key).origin();
          String line = origin.lineNumber() > 0 ? "line " + origin.lineNumber() + ": " : "";
          throw new ConfigException(
              source + ": " + line + "unknown key '" + prefix + key + "' (known: "
                  + String.join(", ", new TreeSet<>(known)) + ")");
        }
      }
    }

    private static String describeBadValue(
        com.typesafe.config.ConfigException.BadValue e, String label) {
      String detail = describe(e).replaceFirst("^line \\d+: ", "");
      detail = detail.replaceFirst("^Invalid value at '[^']*': ", "");
      return "bad value for " + label + ": " + detail;
    }

    static String lineOf(Config config, String path) {
      try {
        int line = config.getValue(path).origin().lineNumber();
        return line > 0 ? "line " + line + ": " : "";
      } catch (com.typesafe.config.ConfigException e) {
        return "";
      }
    }

    private static String render(Config config, String path) {
      try {
        return oneLine(config.getValue(path).render(
            com.typesafe.config.ConfigRenderOptions.concise()));
      } catch (com.typesafe.config.ConfigException e) {
        return "null";
      }
    }
  }
}
