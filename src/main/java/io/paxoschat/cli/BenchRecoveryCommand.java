package io.paxoschat.cli;

import io.paxoschat.actor.ReplicaState;
import io.paxoschat.chatlog.ChatLogWriter;
import io.paxoschat.paxos.Acceptor;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.AcceptorMessage.Prune;
import io.paxoschat.paxos.Ballot;

import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.ProtocolSettings;
import io.paxoschat.storage.AcceptorLog;
import io.paxoschat.storage.DataDirs;
import io.paxoschat.storage.Durability;
import io.paxoschat.storage.StorageSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench-recovery}: how long a replica takes to read its state back, by log length.
 * A benchmark, not a test: it writes real files and prints figures.
 */
@Command(
    name = "bench-recovery",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = "Writes the acceptor log and chat log a replica of N slots would have, then times"
        + " reading them back (what a restart does before the replica rejoins), with and without"
        + " compaction. Prints the median of several runs.")
public final class BenchRecoveryCommand implements Callable<Integer> {

  @Option(names = "--slots", paramLabel = "N,N,...", split = ",", converter = AtLeastOne.Long.class, defaultValue = "1000,100000,1000000",
      description = "Log lengths to measure. Default: ${DEFAULT-VALUE}")
  List<Long> slots;

  @Option(names = "--runs", paramLabel = "R", defaultValue = "5", converter = AtLeastOne.Int.class,
      description = "Timed runs per length (after one warm-up); the median is printed. Default: ${DEFAULT-VALUE}")
  int runs;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}/paxos-chat-bench-recovery",
      description = "Scratch directory, emptied first. Default: ${DEFAULT-VALUE}")
  Path dir;

  /** Slots still in the acceptor log after compaction: the leader's window of undecided slots. */
  static final int LIVE_WINDOW = 4096;

  private final PrintStream out;

  public BenchRecoveryCommand() {
    this(System.out);
  }

  BenchRecoveryCommand(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(CommandLines.create(new BenchRecoveryCommand(), System.out, System.err).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    out.printf(Locale.ROOT, "%10s  %12s %12s  %14s  %18s  %s%n",
        "slots", "acceptor.log", "chat log", "replay (full)", "replay (compacted)", "compacted acceptor.log");
    for (long n : slots) {
      Path full = dir.resolve("full-" + n);
      Path compacted = dir.resolve("compacted-" + n);
      long acceptorBytes = write(full, n, false);
      long compactedBytes = write(compacted, n, true);
      long chatBytes = Files.size(full.resolve("logs").resolve("replica-0.log"));
      double fullMs = medianReplayMillis(full, n);
      double compactedMs = medianReplayMillis(compacted, n);
      out.printf(Locale.ROOT, "%10d  %12s %12s  %11.1f ms  %15.1f ms  %s%n",
          n, bytes(acceptorBytes), bytes(chatBytes), fullMs, compactedMs, bytes(compactedBytes));
      DataDirs.deleteAll(full.resolve("data"));
      DataDirs.deleteAll(compacted.resolve("data"));
      Files.deleteIfExists(full.resolve("logs").resolve("replica-0.log"));
      Files.deleteIfExists(compacted.resolve("logs").resolve("replica-0.log"));
    }
    return 0;
  }

  /**
   * Writes what replica 0 of a three-replica cluster holds after {@code n} slots of three
   * clients' lines: the acceptor's records as the core emits them, and the chat log. Compacted,
   * the acceptor log is rewritten to its live records, the last {@link #LIVE_WINDOW} slots.
   */
  private static long write(Path root, long n, boolean compacted) throws IOException {
    Path data = root.resolve("data");
    DataDirs.deleteAll(data);
    AcceptorLog.Recovered opened = AcceptorLog.open(data.resolve("replica-0"), Durability.OS, 0);
    AcceptorLog log = opened.log();
    Acceptor acceptor = opened.acceptor();
    Ballot ballot = Ballot.ofView(0, 3);
    LongConsumer ignore = seq -> { };
    log.start("bench-writer", ignore, e -> { });
    persist(log, acceptor.handle(new Prepare(ballot, 0)));
    long[] seqs = new long[3];
    try (ChatLogWriter chat = ChatLogWriter.create(root.resolve("logs"), 0)) {
      for (long slot = 0; slot < n; slot++) {
        int client = (int) (slot % 3);
        ChatLine line = new ChatLine(client, ++seqs[client], GeneratedLines.line(client, seqs[client]));
        persist(log, acceptor.handle(new Accept(ballot, slot, io.paxoschat.paxos.Command.Batch.of(line))));
        chat.append(slot, io.paxoschat.paxos.Command.Batch.of(line));
      }
    }
    if (compacted && n > LIVE_WINDOW) {
      persist(log, acceptor.handle(new Prune(n - LIVE_WINDOW)));
      log.rewrite(acceptor.snapshot());
    }
    log.close();
    return Files.size(data.resolve("replica-0").resolve(AcceptorLog.FILE_NAME));
  }

  private static void persist(AcceptorLog log, List<Effect> effects) {
    for (Effect effect : effects) {
      if (effect instanceof Effect.Persist persist) {
        log.append(persist.record());
      }
    }
  }

  private double medianReplayMillis(Path root, long n) {
    StorageSettings storage = new StorageSettings(Durability.OS, root.resolve("data"), true);
    ProtocolSettings settings = ProtocolSettings.defaults();
    List<Double> millis = new ArrayList<>();
    for (int run = 0; run <= runs; run++) {
      long start = System.nanoTime();
      ReplicaState state = ReplicaState.recover(0, 3, settings, storage, root.resolve("logs"));
      long elapsed = System.nanoTime() - start;
      if (state.learner().nextToExecute() != n) {
        throw new IllegalStateException("recovered " + state.learner().nextToExecute() + " slots of " + n);
      }
      state.acceptorLog().close();
      state.chatLog().close();
      if (run > 0) { // the first run warms up the JIT
        millis.add(elapsed / 1e6);
      }
    }
    double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  private static String bytes(long bytes) {
    if (bytes < 10 * 1024) {
      return bytes + " B";
    }
    if (bytes < 10L * 1024 * 1024) {
      return (bytes / 1024) + " KiB";
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
