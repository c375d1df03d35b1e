package io.paxoschat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paxoschat.cluster.Await;
import io.paxoschat.cluster.NodeFiles;
import io.paxoschat.cluster.NodeProcesses;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.ConfigException;
import io.paxoschat.config.GatewayConfig;
import io.paxoschat.remote.NodeId;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench-web}: figures of a web gateway. It starts the replicas of the config and one
 * gateway process (the config's gateway 0, with a per-tab rate limit high enough not to count and
 * a client-id block for every simulated tab), then drives it over WebSockets as browser tabs do:
 * the time from one tab saying a line to another tab seeing it committed, lines/s with many tabs
 * at once, and the gateway's heap per tab.
 */
@Command(
    name = "bench-web",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Starts the config's replicas and its gateway 0 (ports of the config), then measures over WebSockets:",
      "  typing to seeing: one tab says --lines lines one at a time; the time until another tab sees each (p50/p99);",
      "  throughput: --sessions tabs each send --lines-per-session lines at once; lines/s until all are acknowledged;",
      "  memory: the gateway's heap after a GC, before and after the tabs joined, per tab.",
      "Stops everything it started. Run it on a quiet machine: the figures are the machine's."
    })
public final class BenchWebCommand implements java.util.concurrent.Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "${sys:paxoschat.home:-.}/conf/cluster-f1.conf",
      description = "Cluster config with a gateway. Default: ${DEFAULT-VALUE}")
  Path configFile;

  @Option(names = "--logs", paramLabel = "DIR", defaultValue = "${sys:paxoschat.home:-.}/logs/bench-web",
      description = "Where the nodes' logs go. Default: ${DEFAULT-VALUE}")
  Path logs;

  @Option(names = "--lines", defaultValue = "1000", description = "Lines timed from typing to seeing. Default: ${DEFAULT-VALUE}")
  int lines;

  @Option(names = "--sessions", defaultValue = "100", description = "Tabs at once for throughput and memory. Default: ${DEFAULT-VALUE}")
  int sessions;

  @Option(names = "--lines-per-session", defaultValue = "100", description = "Lines each of those tabs sends. Default: ${DEFAULT-VALUE}")
  int linesPerSession;

  private final PrintStream out;
  private final PrintStream err;

  public BenchWebCommand() {
    this(System.out, System.err);
  }

  BenchWebCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(CommandLines.create(new BenchWebCommand(), System.out, System.err).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ClusterConfig config;
    try {
      if (lines < 1 || sessions < 1 || linesPerSession < 1) {
        throw new UsageException("--lines, --sessions and --lines-per-session must be at least 1");
      }
      config = ClusterConfig.load(configFile);
      if (config.gateways().isEmpty()) {
        throw new UsageException(configFile + " lists no gateway");
      }
    } catch (UsageException | ConfigException e) {
      err.println("bench-web: " + e.getMessage());
      return 2;
    }
    Files.createDirectories(logs);
    GatewayConfig gateway = config.gateway(0);
    Path benchConfig = logs.resolve("bench-web.conf").toAbsolutePath();
    // Later keys win in HOCON: the same gateway, with a block for every tab and no rate limit to speak of.
    Files.writeString(benchConfig, Files.readString(configFile) + "\ngateways = [ { id = 0, host = \""
        + gateway.host() + "\", port = " + gateway.port() + ", http-port = " + gateway.httpPort()
        + ", client-ids = [" + gateway.firstClientId() + ", " + (gateway.firstClientId() + sessions + 3)
        + "], lines-per-second = 1000000 } ]\n" + "storage { data-dir = \"" + logs.toAbsolutePath().resolve("data")
        + "\" }\n");
    String[] cluster = {"--config", benchConfig.toString(), "--logs", logs.toAbsolutePath().toString()};
    out.println("starting the replicas of " + configFile + " (load average "
        + String.format(Locale.ROOT, "%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            .getSystemLoadAverage()) + ")");
    int started = ClusterCommand.execute(concat(new String[] {"start", "--no-gateways"}, cluster), out, err);
    if (started != 0) {
      return 1;
    }
    Process web = null;
    try {
      web = NodeProcesses.startDetached(NodeProcesses.javaCommand(WebCommand.class.getName(),
          List.of("--config", benchConfig.toString(), "--id", "0", "--logs", logs.toAbsolutePath().toString())),
          NodeFiles.out(logs, NodeId.gateway(0)));
      String base = "127.0.0.1:" + gateway.httpPort();
      HttpClient http = HttpClient.newHttpClient();
      await("the gateway reaches a majority", () -> status(http, base).path("majority").asBoolean(false));
      latency(http, base);
      throughputAndMemory(http, base, web.pid());
      return 0;
    } finally {
      if (web != null) {
        web.destroy();
        if (!web.waitFor(10, TimeUnit.SECONDS)) {
          web.destroyForcibly();
        }
      }
      ClusterCommand.execute(concat(new String[] {"stop"}, cluster), out, err);
    }
  }

  private void latency(HttpClient http, String base) throws Exception {
    BenchTab speaker = BenchTab.open(http, base, "speaker", true);
    BenchTab listener = BenchTab.open(http, base, "listener", true);
    Histogram micros = new Histogram(60_000_000L, 3);
    long start = System.nanoTime();
    for (int n = 1; n <= lines; n++) {
      String text = "timed line " + n;
      long said = System.nanoTime();
      speaker.say(text);
      long seen = listener.awaitSeen(text);
      micros.recordValue(Math.max(0, (seen - said) / 1000));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "typing to seeing in another tab, %d lines one at a time: p50 %.1f ms, p99 %.1f ms,"
        + " max %.1f ms (%.1f s)%n", lines, micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0, seconds);
    speaker.close();
    listener.close();
  }

  private void throughputAndMemory(HttpClient http, String base, long gatewayPid) throws Exception {
    long before = heapAfterGc(http, base, gatewayPid);
    List<BenchTab> tabs = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      tabs.add(BenchTab.open(http, base, "tab" + i, false));
    }
    long after = heapAfterGc(http, base, gatewayPid);
    out.printf(Locale.ROOT, "gateway heap after GC: %.1f MiB before %d tabs joined, %.1f MiB after: %.1f KiB per tab%n",
        before / 1048576.0, sessions, after / 1048576.0, (after - before) / 1024.0 / sessions);
    for (BenchTab tab : tabs) {
      tab.expectAcknowledged(linesPerSession);
    }
    long start = System.nanoTime();
    for (int n = 1; n <= linesPerSession; n++) {
      for (BenchTab tab : tabs) {
        tab.say(tab.name + " line " + n);
      }
    }
    long total = (long) sessions * linesPerSession;
    for (BenchTab tab : tabs) {
      tab.awaitAcknowledged(linesPerSession);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "%d tabs x %d lines through one gateway: %d lines in %.2f s, %.0f lines/s%n",
        sessions, linesPerSession, total, seconds, total / seconds);
    for (BenchTab tab : tabs) {
      tab.close();
    }
  }

  /** The gateway's heap in use right after a full GC (jcmd asks the gateway JVM for one). */
  private long heapAfterGc(HttpClient http, String base, long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.run").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!gc.waitFor(30, TimeUnit.SECONDS)) {
      gc.destroyForcibly();
    }
    return status(http, base).get("gatewayHeapUsedBytes").asLong();
  }

  private static JsonNode status(HttpClient http, String base) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/cluster/status"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    if (!Await.until(condition, WAIT)) {
      throw new IllegalStateException("not within " + WAIT.toSeconds() + " s: " + what);
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** A simulated browser tab: the chat page's protocol over the JDK's WebSocket client. */
  private static final class BenchTab implements WebSocket.Listener {
    final String name;
    /** Whether it reads the chat frames it gets (the typing-to-seeing tabs) or only counts its acknowledgements. */
    private final boolean watching;
    private final AtomicLong acknowledged = new AtomicLong();
    /** Completed once {@link #acknowledged} reaches what {@link #expectAcknowledged} set. */
    private final CompletableFuture<Void> allAcknowledged = new CompletableFuture<>();
    private volatile long expected = Long.MAX_VALUE;
    private final Map<Long, String> saying = new ConcurrentHashMap<>();
    /** When each chat line was first seen, completed by the frame that showed it. */
    private final Map<String, CompletableFuture<Long>> seen = new ConcurrentHashMap<>();
    private final BlockingQueue<Boolean> welcomed = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicLong refs = new AtomicLong();
    private WebSocket socket;

    private BenchTab(String name, boolean watching) {
      this.name = name;
      this.watching = watching;
    }

    static BenchTab open(HttpClient http, String base, String name, boolean watching) throws Exception {
      BenchTab tab = new BenchTab(name, watching);
      tab.socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://" + base + "/chat"), tab)
          .get(30, TimeUnit.SECONDS);
      tab.send(JSON.createObjectNode().put("type", "hello").put("name", name).toString());
      if (tab.welcomed.poll(WAIT.toSeconds(), TimeUnit.SECONDS) == null) {
        throw new IllegalStateException(name + " was not welcomed");
      }
      return tab;
    }

    void say(String text) {
      long ref = refs.incrementAndGet();
      saying.put(ref, text);
      send(JSON.createObjectNode().put("type", "say").put("ref", ref).put("text", text).toString());
    }

    long awaitSeen(String text) throws Exception {
      try {
        return seenAt(text).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException("not within " + WAIT.toSeconds() + " s: a tab sees '" + text + "'");
      } finally {
        seen.remove(text);
      }
    }

    private CompletableFuture<Long> seenAt(String text) {
      return seen.computeIfAbsent(text, t -> new CompletableFuture<>());
    }

    void expectAcknowledged(long lines) {
      expected = lines;
    }

    void awaitAcknowledged(long lines) throws Exception {
      try {
        allAcknowledged.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException("not within " + WAIT.toSeconds() + " s: every line acknowledged ("
            + name + " has " + acknowledged.get() + " of " + lines + ")");
      }
    }

    private synchronized void send(String frame) {
      socket.sendText(frame, true).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        onFrame(frame);
      }
      webSocket.request(1);
      return null;
    }

    private void onFrame(String frame) {
      long now = System.nanoTime();
      if (!watching && frame.startsWith("{\"type\":\"chat\"")) {
        return; // every tab gets the chat; reading it all in this one process would time the bench, not the gateway
      }
      try {
        JsonNode event = JSON.readTree(frame);
        switch (event.path("type").asText()) {
          case "welcome" -> welcomed.add(true);
          case "numbered" -> {
            String text = saying.remove(event.get("ref").asLong());
            send(JSON.createObjectNode().put("type", "send").put("seq", event.get("seq").asLong()).put("text", text)
                .toString());
          }
          case "acked" -> {
            if (acknowledged.accumulateAndGet(event.get("upTo").asLong(), Math::max) >= expected) {
              allAcknowledged.complete(null);
            }
          }
          case "chat" -> event.get("lines").forEach(line -> seenAt(line.get("text").asText()).complete(now));
          default -> { }
        }
      } catch (Exception e) {
        throw new IllegalStateException("bad frame " + frame, e);
      }
    }

    void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }
}
