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
 */
public record ClusterConfig(
    Path source,
    int f,
    List<NodeAddress> replicas,
    List<NodeAddress> clients,
    Duration tick,
    ProtocolSettings protocolSettings,
    int maxLineBytes,
    StorageSettings storage) {

  public static final Duration DEFAULT_TICK = Duration.ofMillis(5);
  public static final int DEFAULT_MAX_LINE_BYTES = 4096;

  // A line travels inside protocol messages (batched, re-sent, caught up in chunks); Artery's
  // default frame is 256 KiB, so a single line far below that keeps every message deliverable.
  static final int MAX_LINE_BYTES_LIMIT = 65_536;

  private static final Set<String> TOP_LEVEL_KEYS =
      // "pekko" may carry transport settings for the multi-JVM mode alongside the cluster.
      Set.of("f", "replicas", "clients", "timing", "max-line-bytes", "storage", "pekko");
  private static final Set<String> STORAGE_KEYS = Set.of("durability", "data-dir", "compaction");
  private static final List<String> TIMING_KEYS =
      List.of(
          "tick",
          "heartbeat-ticks",
          "election-timeout-min-ticks",
          "election-timeout-max-ticks",
          "retransmit-ticks",
          "catch-up-ticks",
          "max-in-flight",
          "client-retry-ticks",
          "client-window");

  public ClusterConfig {
    replicas = List.copyOf(replicas);
    clients = List.copyOf(clients);
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
    checkAddresses(at, replicas, clients);
    if (tick.isNegative() || tick.isZero()) {
      throw new ConfigException(at + "timing.tick must be positive, found " + show(tick));
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

  private static ClusterConfig fromConfig(Config config, Path source) {
    Reader in = new Reader(config, source);
    in.refuseUnknownKeys(config, "", TOP_LEVEL_KEYS);
    int f = in.get("f", ClusterConfig::wholeNumber, "a whole number");
    List<NodeAddress> replicas = in.nodes("replicas");
    List<NodeAddress> clients = in.nodes("clients");

    ProtocolSettings d = ProtocolSettings.defaults();
    Duration tick = DEFAULT_TICK;
    int[] ticks = {
      d.heartbeatTicks(),
      d.electionTimeoutMinTicks(),
      d.electionTimeoutMaxTicks(),
      d.retransmitTicks(),
      d.catchUpTicks(),
      d.maxInFlight(),
      d.clientRetryTicks(),
      d.clientWindow()
    };
    if (config.hasPath("timing")) {
      Config timing = in.get("timing", Config::getConfig, "a block { ... }");
      in.refuseUnknownKeys(timing, "timing.", Set.copyOf(TIMING_KEYS));
      if (timing.hasPath("tick")) {
        tick = in.get("timing.tick", Config::getDuration, "a duration such as 5ms");
      }
      // TIMING_KEYS after "tick" are in ProtocolSettings' constructor order.
      for (int i = 0; i < ticks.length; i++) {
        String key = TIMING_KEYS.get(i + 1);
        if (timing.hasPath(key)) {
          ticks[i] = in.get("timing." + key, ClusterConfig::wholeNumber, "a whole number");
        }
      }
    }
    ProtocolSettings settings;
    try {
      settings =
          new ProtocolSettings(
              ticks[0], ticks[1], ticks[2], ticks[3], ticks[4], ticks[5], ticks[6], ticks[7]);
    } catch (IllegalArgumentException e) {
      // The reader needs the values in play, including defaults they did not write.
      StringBuilder inEffect = new StringBuilder();
      for (int i = 0; i < ticks.length; i++) {
        inEffect.append(i == 0 ? "" : ", ").append(TIMING_KEYS.get(i + 1)).append(" = ").append(ticks[i]);
      }
      throw new ConfigException(
          source + ": timing: " + e.getMessage() + " (in effect: " + inEffect + ")", e);
    }
    int maxLineBytes =
        config.hasPath("max-line-bytes")
            ? in.get("max-line-bytes", ClusterConfig::wholeNumber, "a whole number")
            : DEFAULT_MAX_LINE_BYTES;
    return new ClusterConfig(source, f, replicas, clients, tick, settings, maxLineBytes, storage(config, in, source));
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
      String at, List<NodeAddress> replicas, List<NodeAddress> clients) {
    Map<String, String> owners = new HashMap<>();
    List<Map.Entry<String, NodeAddress>> all = new ArrayList<>();
    replicas.forEach(n -> all.add(Map.entry("replica " + n.id(), n)));
    clients.forEach(n -> all.add(Map.entry("client " + n.id(), n)));
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

    List<NodeAddress> nodes(String key) {
      List<? extends Config> entries = get(key, Config::getConfigList, "a list of { id, host, port }");
      List<NodeAddress> nodes = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        Config entry = entries.get(i);
        String prefix = key + "[" + i + "].";
        int id = get(entry, "id", prefix + "id", ClusterConfig::wholeNumber, "a whole number");
        String host = get(entry, "host", prefix + "host", Config::getString, "a string");
        int port = get(entry, "port", prefix + "port", ClusterConfig::wholeNumber, "a whole number");
        nodes.add(new NodeAddress(id, host, port));
      }
      return nodes;
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
