package io.paxoschat.chatlog;

import io.paxoschat.chatlog.ConsistencyReport.Divergence;
import io.paxoschat.chatlog.ConsistencyReport.Duplicate;
import io.paxoschat.chatlog.ConsistencyReport.OrderViolation;
import io.paxoschat.chatlog.ConsistencyReport.ReplicaLog;
import io.paxoschat.chatlog.ConsistencyReport.Variant;
import io.paxoschat.chatlog.ConsistencyReport.Verdict;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Command.RequestId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Compares the replica logs of one run: whether they agree slot by slot, and whether each log
 * executed every request once and in each client's order. Lines are compared as text, so logs
 * can be compared even where a line breaks the format (which is reported as a problem).
 */
public final class ConsistencyChecker {

  // A log broken on every line would otherwise flood the report.
  private static final int MAX_PROBLEMS_PER_LOG = 10;

  private ConsistencyChecker() {}

  /**
   * Checks every {@code replica-<id>.log} in {@code logDir}.
   *
   * @throws ChatLogException if the directory is missing, holds no replica log, or a log
   *     cannot be read
   */
  public static ConsistencyReport check(Path logDir) {
    if (!Files.isDirectory(logDir)) {
      throw new ChatLogException(
          logDir + ": " + (Files.exists(logDir) ? "not a directory" : "no such log directory"));
    }
    Map<Integer, Path> files;
    try {
      files = ChatLogFiles.list(logDir);
    } catch (UncheckedIOException e) {
      throw new ChatLogException(e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new ChatLogException(logDir + ": no replica-<id>.log files");
    }
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<Integer, LoadedLog> loaded = new LinkedHashMap<>();
    for (Map.Entry<Integer, Path> entry : files.entrySet()) {
      loaded.put(entry.getKey(), load(entry.getKey(), entry.getValue(), problems, warnings));
    }

    List<ReplicaLog> logs = new ArrayList<>();
    loaded.values().forEach(log -> logs.add(log.summary));
    Optional<Divergence> divergence = firstDivergence(loaded);
    int longest = loaded.values().stream().mapToInt(l -> l.lines.size()).max().orElse(0);
    List<Integer> behind = new ArrayList<>();
    loaded.forEach((id, log) -> {
      if (log.lines.size() < longest) {
        behind.add(id);
      }
    });
    Verdict verdict =
        divergence.isPresent() ? Verdict.DIVERGENT : behind.isEmpty() ? Verdict.IDENTICAL : Verdict.PREFIX;
    return new ConsistencyReport(
        logDir,
        logs,
        verdict,
        verdict == Verdict.PREFIX ? behind : List.of(),
        divergence,
        mergeDuplicates(loaded),
        mergeOrderViolations(loaded),
        problems,
        warnings);
  }

  /** One log read into memory, with what was found inside it alone. */
  private static final class LoadedLog {
    final ReplicaLog summary;
    final List<String> lines;
    final Map<RequestId, List<Long>> slotsByRequest = new HashMap<>();
    final List<OrderViolation> orderViolations = new ArrayList<>();

    LoadedLog(ReplicaLog summary, List<String> lines) {
      this.summary = summary;
      this.lines = lines;
    }
  }

  private static LoadedLog load(int id, Path file, List<String> problems, List<String> warnings) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ChatLogException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    String name = file.getFileName().toString();
    String text = decode(bytes, name, problems);
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      lines.add(text.substring(start, nl));
      start = nl + 1;
    }
    if (start < text.length()) {
      // A crash between two writes can leave half a line; it was never a whole slot.
      warnings.add(name + ":" + (lines.size() + 1) + ": last line has no line end (cut off by a"
          + " crash?); left out of the comparison");
    }
    LoadedLog log = new LoadedLog(new ReplicaLog(id, file, lines.size(), md5(bytes)), lines);
    scan(log, name, problems);
    return log;
  }

  private static String decode(byte[] bytes, String name, List<String> problems) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      problems.add(name + ": not valid UTF-8");
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Parses each line, checking slot numbering, per-client order and duplicates. */
  private static void scan(LoadedLog log, String name, List<String> problems) {
    Map<Integer, Long> nextSeq = new HashMap<>();
    int found = 0;
    long slot = -1;
    boolean slotIsBatch = false;
    for (int i = 0; i < log.lines.size(); i++) {
      String problem = null;
      LogEntry entry = null;
      try {
        entry = ChatLogFormat.parse(log.lines.get(i));
        boolean batchLine = entry.command() instanceof Command.Batch;
        // The lines of one batch share their slot; every slot from 0 appears.
        if (entry.slot() == slot && slotIsBatch && batchLine) {
          // another line of the batch
        } else if (entry.slot() == slot + 1) {
          slot = entry.slot();
          slotIsBatch = batchLine;
        } else {
          problem = "slot " + entry.slot() + " where slot " + (slot + 1) + " was expected";
        }
      } catch (ChatLogException e) {
        problem = e.getMessage();
      }
      if (problem != null) {
        if (++found <= MAX_PROBLEMS_PER_LOG) {
          problems.add(name + ":" + (i + 1) + ": " + problem);
        }
        continue;
      }
      if (!(entry.command() instanceof Command.Batch batch)) {
        continue;
      }
      ChatLine line = batch.lines().get(0);
      List<Long> slots =
          log.slotsByRequest.computeIfAbsent(line.requestId(), r -> new ArrayList<>(1));
      slots.add(entry.slot());
      long expected = nextSeq.getOrDefault(line.clientId(), 1L);
      if (line.seq() == expected) {
        nextSeq.put(line.clientId(), expected + 1);
      } else if (slots.size() == 1) {
        // A repeat is reported as a duplicate; anything else out of step is an order violation.
        log.orderViolations.add(
            new OrderViolation(line.clientId(), entry.slot(), line.seq(), expected, List.of()));
        nextSeq.put(line.clientId(), Math.max(expected, line.seq() + 1));
      }
    }
    if (found > MAX_PROBLEMS_PER_LOG) {
      problems.add(name + ": " + (found - MAX_PROBLEMS_PER_LOG) + " more malformed lines");
    }
  }

  /**
   * The earliest slot where two logs hold different lines. Below the earliest slot where some
   * log differs from the longest one, every log equals the longest, so comparing against the
   * longest alone finds it.
   */
  private static Optional<Divergence> firstDivergence(Map<Integer, LoadedLog> logs) {
    List<String> longest =
        logs.values().stream().map(l -> l.lines).max((a, b) -> a.size() - b.size()).orElseThrow();
    int first = Integer.MAX_VALUE;
    for (LoadedLog log : logs.values()) {
      for (int i = 0; i < log.lines.size() && i < first; i++) {
        if (!log.lines.get(i).equals(longest.get(i))) {
          first = i;
          break;
        }
      }
    }
    if (first == Integer.MAX_VALUE) {
      return Optional.empty();
    }
    long slot = slotOfLine(longest, first);
    Map<String, List<Integer>> holders = new LinkedHashMap<>();
    for (Map.Entry<Integer, LoadedLog> entry : logs.entrySet()) {
      List<String> lines = entry.getValue().lines;
      if (first < lines.size()) {
        holders.computeIfAbsent(lines.get(first), l -> new ArrayList<>()).add(entry.getKey());
      }
    }
    List<Variant> variants = new ArrayList<>();
    holders.forEach((line, ids) -> variants.add(new Variant(line, List.copyOf(ids))));
    return Optional.of(new Divergence(slot, variants));
  }

  /** The slot a log line names, or its line index where the line is malformed. */
  private static long slotOfLine(List<String> lines, int index) {
    try {
      return ChatLogFormat.parse(lines.get(index)).slot();
    } catch (ChatLogException e) {
      return index;
    }
  }

  /** The same finding usually sits in every log; report it once, naming all its replicas. */
  private static List<Duplicate> mergeDuplicates(Map<Integer, LoadedLog> logs) {
    Map<Duplicate, List<Integer>> merged =
        new TreeMap<>(
            Comparator.comparingLong((Duplicate d) -> d.slots().get(0))
                .thenComparingInt(Duplicate::clientId)
                .thenComparingLong(Duplicate::seq)
                .thenComparing(d -> d.slots().toString()));
    logs.forEach((id, log) ->
        log.slotsByRequest.forEach((request, slots) -> {
          if (slots.size() > 1) {
            Duplicate key =
                new Duplicate(request.clientId(), request.seq(), List.copyOf(slots), List.of());
            merged.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
          }
        }));
    List<Duplicate> out = new ArrayList<>();
    merged.forEach((d, ids) -> out.add(new Duplicate(d.clientId(), d.seq(), d.slots(), List.copyOf(ids))));
    return out;
  }

  private static List<OrderViolation> mergeOrderViolations(Map<Integer, LoadedLog> logs) {
    Map<OrderViolation, List<Integer>> merged =
        new TreeMap<>(
            Comparator.comparingLong(OrderViolation::slot)
                .thenComparingInt(OrderViolation::clientId)
                .thenComparingLong(OrderViolation::seq)
                .thenComparingLong(OrderViolation::expectedSeq));
    logs.forEach((id, log) ->
        log.orderViolations.forEach(v -> merged.computeIfAbsent(v, k -> new ArrayList<>()).add(id)));
    List<OrderViolation> out = new ArrayList<>();
    merged.forEach((v, ids) ->
        out.add(new OrderViolation(v.clientId(), v.slot(), v.seq(), v.expectedSeq(), List.copyOf(ids))));
    return out;
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides MD5", e);
    }
  }
}
