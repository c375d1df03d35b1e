package io.paxoschat.cli;

import io.paxoschat.actor.ClientActor;
import io.paxoschat.actor.ChatListener;
import io.paxoschat.actor.ClientStatus;
import io.paxoschat.actor.PacedLines;
import io.paxoschat.actor.StartGate;
import io.paxoschat.chatlog.AcksFile;
import io.paxoschat.cluster.Await;
import io.paxoschat.cluster.NodeFiles;
import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.ConfigException;
import io.paxoschat.config.MessageFiles;
import io.paxoschat.config.Utf8Lines;
import io.paxoschat.actor.EventRecordingDirectory;
import io.paxoschat.events.EventRecorder;
import io.paxoschat.events.ProcessRecords;
import io.paxoschat.fault.DroppingInterceptor;
import io.paxoschat.fault.InjectedFaults;
import io.paxoschat.fault.NetworkFaults;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.ChatReader;
import io.paxoschat.paxos.Client;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Effect;
import io.paxoschat.remote.NodeId;
import io.paxoschat.remote.RemoteNode;
import io.paxoschat.remote.SchedulerTick;
import io.paxoschat.storage.OwnerLock;
import io.paxoschat.storage.OwnerLockHeldException;
import io.paxoschat.storage.StorageException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.Behavior;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/client}: one chat client in its own JVM. With {@code --messages} it sends a file's
 * lines and exits once all are acknowledged; without, it is an interactive chat on stdin/stdout.
 */
@Command(
    name = "client",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Runs client ID of the cluster in this JVM, listening on its host:port from the config.",
      "With --messages FILE: sends the file's non-blank lines and exits once every one is acknowledged.",
      "Without: an interactive chat. Each line typed is sent; the committed chat of all clients is",
      "printed as it grows, in slot order, as '[slot] client-<id>: text'. /quit (or end of input) leaves.",
      "A client started again continues after the lines it sent before."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every line acknowledged (interactive: left with nothing outstanding)",
      "1:timed out with lines not acknowledged, or could not start",
      "2:bad usage, config or message file"
    })
public final class ClientCommand implements Callable<Integer> {

  static final String QUIT = "/quit";
  /** How often the interactive chat asks for news, and how long it waits for an answer. */
  private static final Duration CHAT_POLL = Duration.ofMillis(50);
  private static final Duration CHAT_RETRY = Duration.ofMillis(500);
  /** How often the start file is looked for when its directory cannot be watched. */
  private static final Duration POLL = Duration.ofMillis(10);
  /**
   * After telling a paced client its next lines fell due: when to look again should it still wait
   * for lines (it takes them when it gets to the message, and then waits for their reply).
   */
  private static final Duration LINES_DUE_AGAIN = Duration.ofMillis(1);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);
  /** How long a client that is done waits for its session to close. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  private static final Duration GREET_EVERY = Duration.ofMillis(200);

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "${sys:paxoschat.home:-.}/conf/cluster-f2.conf",
      description = "Cluster config (HOCON). Default: ${DEFAULT-VALUE}")
  Path configFile;

  @Option(names = "--id", paramLabel = "I", required = true, description = "Which client of the config this is.")
  int id;

  @Option(names = "--messages", paramLabel = "FILE",
      description = "Send the non-blank lines of FILE (UTF-8), then exit.")
  Path messages;

  @Option(names = "--generate", paramLabel = "N",
      description = "Instead of a file, send N generated lines (for throughput runs).")
  Integer generate;

  @Option(names = "--rate", paramLabel = "LINES_PER_SECOND",
      description = "With --messages or --generate: hand the lines to the client at most this many a second, a"
          + " steady load rather than all at once (bin/nemesis keeps its clients sending this way until its faults"
          + " end).")
  Integer rate;

  @Option(names = "--untimed", paramLabel = "N", defaultValue = "0",
      description = "With --rate and --report: the first N lines are sent like the others, as a warm-up for this"
          + " client's own JVM, and the report's rate, CPU time and latencies count only the lines after them (the"
          + " warm-up's latencies are reported apart). Default: ${DEFAULT-VALUE}")
  int untimed;

  @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
      description = "Lose each message to this client with probability P (0 <= P < 1).")
  double loss;

  @Option(names = "--seed", paramLabel = "S", description = "Seed for --loss (default: random).")
  Long seed;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "With --messages: give up (exit 1) after this long; interactive: how long /quit waits"
          + " for lines still outstanding. Default: ${DEFAULT-VALUE}")
  double timeoutSeconds;

  @Option(names = "--acks", paramLabel = "FILE",
      description = "With --messages or --generate: append '<slot>\\t<clientId>\\t<seq>\\t<text>' to FILE for each"
          + " line as it is acknowledged (what bin/check-consistency --acks and bin/nemesis check the logs against).")
  Path acks;

  @Option(names = "--report", paramLabel = "FILE",
      description = "With --messages: write timings and the commit latency histogram to FILE (for bin/bench-remote).")
  Path report;

  @Option(names = "--ready-file", paramLabel = "FILE",
      description = "With --messages or --generate: create FILE once every replica answered a greeting (for"
          + " bin/bench-remote, with --start-file).")
  Path readyFile;

  @Option(names = "--start-file", paramLabel = "FILE",
      description = "With --messages or --generate: send the first line only once FILE exists (at most --timeout),"
          + " so that several client processes start sending together (for bin/bench-remote).")
  Path startFile;

  @Option(names = "--logs", paramLabel = "DIR", defaultValue = "${sys:paxoschat.home:-.}/logs",
      description = "Where the debug log goes. Default: ${DEFAULT-VALUE}")
  Path logs;

  @Option(names = "--events", paramLabel = "FILE",
      description = "Record what this client does (JSON lines, appended) for bin/report; bin/cluster clients"
          + " gives LOGS/events-client-<id>.jsonl.")
  Path eventsFile;

  /** This process's CPU time when the client was let start sending. */
  private long cpuAtStartNanos;

  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;

  public ClientCommand() {
    this(System.in, System.out, System.err);
  }

  ClientCommand(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(args, System.in, System.out, System.err));
  }

  static int execute(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return CommandLines.create(new ClientCommand(in, out, err), out, err).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    ClusterConfig config;
    List<String> lines;
    try {
      config = ClusterConfig.load(configFile).acrossProcesses();
      validate(config);
      lines = lines(config);
      if (lines != null && untimed > 0 && untimed >= lines.size()) {
        throw new UsageException("--untimed " + untimed + " leaves none of the " + lines.size() + " lines timed");
      }
      checkWritable();
    } catch (UsageException | ConfigException e) {
      err.println("client: " + e.getMessage());
      return 2;
    }
    OwnerLock ownerLock;
    try {
      // One client process per id and log directory: its debug log and --report are its own.
      ownerLock = OwnerLock.acquire(logs.resolve(NodeId.client(id).name() + ".lock"));
    } catch (OwnerLockHeldException | StorageException e) {
      err.println("client: " + e.getMessage());
      return 2;
    }
    try {
      return runOwning(config, lines);
    } finally {
      ownerLock.close();
    }
  }

  private int runOwning(ClusterConfig config, List<String> lines) throws Exception {
    NodeId self = NodeId.client(id);
    System.setProperty("paxoschat.debug-log",
        System.getProperty("paxoschat.debug-log", NodeFiles.debugLog(logs, self).toString()));

    boolean interactive = lines == null;
    InjectedFaults faults = new InjectedFaults(0, -1, loss, FaultFlags.seedOrRandom(seed));
    // A clock reading: above the nonce of any earlier run of this id, which a new session must be.
    long nonce = System.currentTimeMillis() * 1_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000);
    // Paced lines reach the client as they fall due, as typed lines do.
    Client client = new Client(id, config.replicaCount(), config.protocolSettings(),
        interactive || rate != null ? List.of() : lines, nonce);
    PacedLines paced = !interactive && rate != null ? new PacedLines(lines, rate) : null;
    ClientStatus status = new ClientStatus(id, interactive ? 0 : lines.size(), acks != null, untimed);
    ChatListener listener = interactive ? new ChatPrinter(out) : null;
    ChatReader reader = interactive ? new ChatReader(id, config.replicaCount(),
        ticks(CHAT_POLL, config.tick()), ticks(CHAT_RETRY, config.tick())) : null;

    Map<String, Object> header = new LinkedHashMap<>();
    header.put("scenario", "cluster of processes");
    header.put("config", configFile.toString());
    header.put("replicas", config.replicaCount());
    header.put("clients", config.clientCount());
    EventRecorder events = ProcessRecords.open(eventsFile, self.name(), header);
    Address address = Address.client(id);
    AtomicBoolean started = new AtomicBoolean(startFile == null);
    RemoteNode node;
    try {
      node = RemoteNode.start(config, self, RemoteNode.Start.AT_ONCE, NetworkFaults.NONE, 0,
          (ctx, directory, guard) -> {
        // The timers get the tick less the scheduler's: a fixed-delay timer waits for its next tick.
        Duration timerDelay = SchedulerTick.timerDelay(config.tick(), ctx.getSystem());
        Behavior<ClientMessage> behavior = DroppingInterceptor.wrap(
            ClientMessage.class, faults.filterFor(address), new java.util.concurrent.atomic.LongAdder(), events, address,
            StartGate.create(paced != null
                ? ClientActor.create(client, paced, EventRecordingDirectory.of(directory, address, events), timerDelay,
                    status)
                : ClientActor.create(client, reader, listener,
                    EventRecordingDirectory.of(directory, address, events), timerDelay, status),
                started::get, timerDelay));
        directory.register(address, ctx.spawn(guard.guard(ClientMessage.class, behavior), self.name()));
      }, up -> {}, events);
    } catch (ConfigException e) {
      events.close(Map.of("error", e.getMessage()));
      err.println("client: " + e.getMessage());
      return 2;
    } catch (IllegalStateException e) {
      events.close(Map.of("error", e.getMessage()));
      err.println("client: " + e.getMessage());
      return 1;
    }
    try {
      if (!interactive && !startTogether(node, config, started)) {
        return 1;
      }
      return interactive ? chat(node, status, config.maxLineBytes()) : sendAll(node, status, lines.size(), paced);
    } finally {
      node.stop(STOP_WAIT);
      events.close(Map.of("acknowledged", status.acknowledged()));
    }
  }

  private void validate(ClusterConfig config) {
    if (id < 0 || id >= config.clientCount()) {
      throw new UsageException("--id " + id + ": " + configFile + " has clients 0.." + (config.clientCount() - 1));
    }
    if (!(loss >= 0 && loss < 1)) {
      throw new UsageException("--loss must be in [0, 1), got " + loss);
    }
    if (!(timeoutSeconds > 0)) {
      throw new UsageException("--timeout must be positive, got " + timeoutSeconds);
    }
    if (messages != null && generate != null) {
      throw new UsageException("--messages and --generate exclude each other");
    }
    if (generate != null && generate < 1) {
      throw new UsageException("--generate must be at least 1, got " + generate);
    }
    if (rate != null && rate < 1) {
      throw new UsageException("--rate must be at least 1, got " + rate);
    }
    if (rate != null && messages == null && generate == null) {
      throw new UsageException("--rate needs --messages or --generate");
    }
    if (untimed < 0) {
      throw new UsageException("--untimed must be at least 0, got " + untimed);
    }
    if (untimed > 0 && (rate == null || report == null)) {
      throw new UsageException("--untimed needs --rate and --report");
    }
    if (report != null && messages == null && generate == null) {
      throw new UsageException("--report needs --messages or --generate");
    }
    if (acks != null && messages == null && generate == null) {
      throw new UsageException("--acks needs --messages or --generate");
    }
    if ((readyFile != null || startFile != null) && messages == null && generate == null) {
      throw new UsageException("--ready-file and --start-file need --messages or --generate");
    }
  }

  /** Before anything is locked or started: every place this client writes. */
  private void checkWritable() {
    WritablePaths.requireDirectory("--logs", logs);
    WritablePaths.requireFile("--acks", acks);
    WritablePaths.requireFile("--report", report);
    WritablePaths.requireFile("--events", eventsFile);
  }

  /** The lines to send, or null for an interactive chat. */
  private List<String> lines(ClusterConfig config) {
    if (generate != null) {
      return new GeneratedLines(id, generate);
    }
    if (messages == null) {
      return null;
    }
    return MessageFiles.readFile(messages, config.maxLineBytes());
  }

  private static int ticks(Duration interval, Duration tick) {
    return (int) Math.max(1, interval.toNanos() / tick.toNanos());
  }

  // ---- sending a file ---------------------------------------------------------------------

  /**
   * With {@code --ready-file}: greets the replicas until every one answered, then creates the
   * file. With {@code --start-file}: waits for that file, then lets the client actor send. Each
   * wait is bounded by {@code --timeout}; false (with one line said) when one ran out.
   */
  private boolean startTogether(RemoteNode node, ClusterConfig config, AtomicBoolean started)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    if (readyFile != null) {
      var greeting = node.system().scheduler().scheduleAtFixedRate(Duration.ZERO, GREET_EVERY, node::greetReplicas,
          node.system().executionContext());
      try {
        node.whenReplicasUp(config.replicaCount()).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        out.printf("client-%d: only %d of %d replicas answered within the timeout%n", id, node.replicasUp(),
            config.replicaCount());
        return false;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      } finally {
        greeting.cancel();
      }
      Files.writeString(readyFile, "ready\n", StandardCharsets.UTF_8);
    }
    if (startFile != null
        && !Await.fileExists(startFile, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), POLL)) {
      out.printf("client-%d: %s did not appear within the timeout%n", id, startFile);
      return false;
    }
    cpuAtStartNanos = ProcessCpu.nanos();
    started.set(true);
    return true;
  }

  /**
   * Waits until every line is acknowledged (or the timeout). With {@code paced} lines, the client
   * actor takes those due whenever it handles a message; this thread only tells it when the next
   * one falls due while it has none in flight, and notes the CPU time when the untimed lines end.
   */
  private int sendAll(RemoteNode node, ClientStatus status, int total, PacedLines paced)
      throws InterruptedException, IOException {
    long start = System.nanoTime();
    long deadline = start + (long) (timeoutSeconds * 1e9);
    boolean timedFromHere = untimed == 0;
    try (AcksRecorder recorder = acks == null ? null : new AcksRecorder(AcksFile.append(acks), status)) {
      while (true) {
        // Read before looking, so that a change made while this loop works wakes its wait.
        long seen = status.version();
        if (done(status) || status.isSuperseded() || System.nanoTime() >= deadline) {
          break;
        }
        long wakeAt = deadline;
        if (paced != null && paced.started()) {
          long now = System.nanoTime();
          if (!timedFromHere) {
            long timedAt = paced.dueAt(untimed); // when the first timed line falls due
            if (now - timedAt >= 0) {
              cpuAtStartNanos = ProcessCpu.nanos();
              timedFromHere = true;
            } else {
              wakeAt = Math.min(wakeAt, timedAt);
            }
          }
          int next = paced.taken();
          if (next < total && status.waitingForLines()) {
            long dueAt = paced.dueAt(next);
            if (now - dueAt >= 0) {
              node.send(Address.client(id), ClientMessage.LinesDue.INSTANCE);
              // It takes them and has lines in flight; should it still wait then, look again soon.
              wakeAt = Math.min(wakeAt, now + LINES_DUE_AGAIN.toNanos());
            } else {
              wakeAt = Math.min(wakeAt, dueAt);
            }
          }
        }
        if (recorder != null) {
          recorder.record();
        }
        status.awaitChange(seen, wakeAt);
      }
      if (recorder != null) {
        recorder.record();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (status.isSuperseded()) {
      out.printf(Locale.ROOT, "client-%d: superseded after %.1f s with %d / %d lines acknowledged: another client"
          + " with id %d opened a newer session, so the unacknowledged lines will never execute%n",
          id, seconds, status.acknowledged(), total, id);
      return 1;
    }
    if (!done(status)) {
      out.printf(Locale.ROOT, "client-%d: timed out after %.1f s with %d / %d lines acknowledged%s%n",
          id, seconds, status.acknowledged(), total, status.joined() ? "" : " (no replica answered)");
      return 1;
    }
    out.printf(Locale.ROOT, "client-%d: %d / %d lines acknowledged in %.2f s%n", id, total, total, seconds);
    if (!closeSession(node, status)) {
      out.printf("client-%d: could not close its session within %d s; it stays open until this id opens another%n",
          id, CLOSE_WAIT.toSeconds());
    }
    if (report != null) {
      Files.writeString(report, report(status, total, ProcessCpu.nanos() - cpuAtStartNanos), StandardCharsets.UTF_8);
    }
    return 0;
  }

  /**
   * Closes the client's session through the log, so that no line of it can execute afterwards,
   * waiting at most {@link #CLOSE_WAIT}: true once a replica says it is closed.
   */
  private boolean closeSession(RemoteNode node, ClientStatus status) throws InterruptedException {
    node.send(Address.client(id), ClientMessage.Close.INSTANCE);
    status.awaitUntil(() -> status.isClosed() || status.isSuperseded(), System.nanoTime() + CLOSE_WAIT.toNanos());
    return status.isClosed();
  }

  /**
   * Every line acknowledged, and the cluster reached: a file with no lines to send is done only
   * once a majority answered, so that no cluster to talk to is a failure, not a success.
   */
  private static boolean done(ClientStatus status) {
    return status.joined() && status.done();
  }

  /**
   * For bin/bench-remote: when the first line went out and the last was acknowledged (wall
   * clock, to compare across processes), the commit latency of every line, and the CPU time this
   * process used from the start of sending until the report.
   */
  private static String report(ClientStatus status, int total, long cpuNanos) {
    long wallMinusNanoMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
    String warmUp = "";
    if (status.untimed() > 0) {
      warmUp = " untimedLines=" + status.untimed() + " untimedLatencyNanos=" + encoded(status.warmUpLatencies());
    }
    return "lines=" + (total - status.untimed())
        + " firstSendMillis=" + (wallMinusNanoMillis + status.firstSentAtNanos() / 1_000_000)
        + " lastAckMillis=" + (wallMinusNanoMillis + status.doneAtNanos() / 1_000_000)
        + " cpuNanos=" + cpuNanos
        + " latencyNanos=" + encoded(status.commitLatencies()) + warmUp + "\n";
  }

  /** A histogram as HdrHistogram's compressed form in Base64. */
  private static String encoded(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int size = histogram.encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[size];
    buffer.flip();
    buffer.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Appends the lines acknowledged since it last looked to the acks file. */
  private static final class AcksRecorder implements java.io.Closeable {
    private final AcksFile.Writer writer;
    private final ClientStatus status;

    AcksRecorder(AcksFile.Writer writer, ClientStatus status) {
      this.writer = writer;
      this.status = status;
    }

    void record() throws IOException {
      List<Effect.Acknowledged> acknowledged = status.takeAcknowledged();
      for (Effect.Acknowledged ack : acknowledged) {
        writer.append(AcksFile.Ack.of(ack));
      }
      if (!acknowledged.isEmpty()) {
        writer.flush();
      }
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  // ---- interactive chat -------------------------------------------------------------------

  private int chat(RemoteNode node, ClientStatus status, int maxLineBytes) throws IOException, InterruptedException {
    err.println("client-" + id + ": joined the chat; type a line to send it, " + QUIT + " to leave");
    long submitted = 0;
    Utf8Lines input = new Utf8Lines(new BufferedInputStream(in));
    while (true) {
      String line;
      try {
        line = input.readLine();
      } catch (Utf8Lines.NotUtf8Exception e) {
        err.println("client-" + id + ": not sent: " + e.getMessage() + " (set the terminal to UTF-8)");
        continue;
      }
      if (line == null) {
        break;
      }
      if (line.strip().equals(QUIT)) {
        break;
      }
      if (line.isBlank()) {
        continue;
      }
      String problem = MessageFiles.problemWith(line, maxLineBytes);
      if (problem != null) {
        err.println("client-" + id + ": not sent: " + problem);
        continue;
      }
      node.send(Address.client(id), new ClientMessage.Submit(line));
      submitted++;
    }
    long sent = submitted;
    status.awaitUntil(() -> status.joined() && status.acknowledged() >= sent,
        System.nanoTime() + (long) (timeoutSeconds * 1e9));
    if (!status.joined()) {
      err.println("client-" + id + ": left without reaching the cluster in " + timeoutSeconds + " s"
          + (submitted > 0 ? "; " + submitted + " line(s) not acknowledged" : ""));
      return 1;
    }
    // Closing settles the lines still out: the answer says which executed, and no other ever will.
    boolean closed = closeSession(node, status);
    long outstanding = submitted - status.acknowledged();
    if (outstanding > 0) {
      err.println("client-" + id + ": left with " + outstanding + " line(s) not acknowledged;"
          + (closed ? " its session is closed, so they will never be committed" : " they may still be committed"));
      return 1;
    }
    err.println("client-" + id + ": left the chat" + (closed ? "" : " (its session could not be closed in "
        + CLOSE_WAIT.toSeconds() + " s)"));
    return 0;
  }

  /** Prints the committed chat as it grows. */
  private static final class ChatPrinter implements ChatListener {
    private final PrintStream out;

    ChatPrinter(PrintStream out) {
      this.out = out;
    }

    @Override
    public void chat(long slot, ChatLine line) {
      out.println("[" + slot + "] client-" + line.clientId() + ": " + line.text());
      out.flush();
    }
  }
}
