package io.paxoschat.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.paxoschat.chatlog.ChatLogException;
import io.paxoschat.chatlog.ChatLogFiles;
import io.paxoschat.chatlog.ChatLogFormat;
import io.paxoschat.chatlog.LogEntry;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The replicas' logs side by side, as the page shows them: each replica's md5, slots and no-ops,
 * the first line where they differ, and the rows worth showing (the first ones, every no-op,
 * and those around a divergence; a long log is not shown whole).
 */
final class ReplicaLogs {

  static final int FIRST_ROWS = 300;
  static final int MAX_NOOP_ROWS = 300;
  static final int AROUND_DIVERGENCE = 10;

  /** One replica's log file (or, in the chaos simulator, the log its file would hold). */
  record Log(int replica, String state, long lines, long slots, long noops, String md5) {}

  /** Line {@code index} of every log; a cell is null where a log is shorter. */
  record Row(long index, long slot, List<String> cells, boolean noop, boolean divergent) {}

  final List<Log> logs = new ArrayList<>();
  final List<Row> rows = new ArrayList<>();
  /** Line index of the first divergence, or -1. */
  long firstDivergence = -1;
  long rowsSkipped;
  private long noopRows;

  /** Logs {@code replica-<id>.log} of {@code replicas} replicas in {@code dir}. */
  static ReplicaLogs fromDirectory(Path dir, int replicas) {
    ReplicaLogs result = new ReplicaLogs();
    List<BufferedReader> readers = new ArrayList<>();
    List<MessageDigest> digests = new ArrayList<>();
    long[] lines = new long[replicas];
    long[] slots = new long[replicas];
    long[] noops = new long[replicas];
    boolean[] present = new boolean[replicas];
    try {
      for (int id = 0; id < replicas; id++) {
        Path file = ChatLogFiles.logFile(dir, id);
        present[id] = Files.isRegularFile(file);
        readers.add(present[id] ? Files.newBufferedReader(file, StandardCharsets.UTF_8) : null);
        digests.add(md5());
      }
      List<List<String>> window = new ArrayList<>();
      for (long index = 0; ; index++) {
        List<String> cells = new ArrayList<>(replicas);
        boolean any = false;
        for (int id = 0; id < replicas; id++) {
          String line = readers.get(id) == null ? null : readers.get(id).readLine();
          if (line != null) {
            any = true;
            lines[id]++;
            digests.get(id).update((line + "\n").getBytes(StandardCharsets.UTF_8));
            slots[id] = Math.max(slots[id], slotOf(line) + 1);
            noops[id] += isNoop(line) ? 1 : 0;
          }
          cells.add(line);
        }
        if (!any) {
          break;
        }
        result.offer(index, cells, window);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the chat logs in " + dir + ": " + e.getMessage(), e);
    } finally {
      for (BufferedReader reader : readers) {
        closeQuietly(reader);
      }
    }
    for (int id = 0; id < replicas; id++) {
      result.logs.add(new Log(id, present[id] ? "" : "no log file", lines[id], slots[id], noops[id],
          present[id] ? HexFormat.of().formatHex(digests.get(id).digest()) : "-"));
    }
    return result;
  }

  /** The chaos simulator's logs: every replica's is a prefix of {@code agreed}. */
  static ReplicaLogs fromChaos(JsonNode agreed, JsonNode replicaLogs) {
    ReplicaLogs result = new ReplicaLogs();
    List<Long> lengths = new ArrayList<>();
    for (JsonNode log : replicaLogs) {
      long slots = log.path("slots").asLong();
      long lines = log.path("lines").asLong(slots);
      lengths.add(lines);
      long noops = 0;
      for (int i = 0; i < lines && i < agreed.size(); i++) {
        noops += isNoop(agreed.get(i).asText()) ? 1 : 0;
      }
      result.logs.add(new Log(log.path("replica").asInt(), log.path("state").asText(), lines, slots, noops,
          log.path("md5").asText()));
    }
    List<List<String>> window = new ArrayList<>();
    for (int index = 0; index < agreed.size(); index++) {
      List<String> cells = new ArrayList<>();
      for (long length : lengths) {
        cells.add(index < length ? agreed.get(index).asText() : null);
      }
      result.offer(index, cells, window);
    }
    return result;
  }

  /**
   * Keeps a row if it is among the first, a no-op, or near the first divergence; {@code window}
   * holds the rows just before, for the context of a divergence found later.
   */
  private void offer(long index, List<String> cells, List<List<String>> window) {
    boolean divergent = differ(cells);
    if (divergent && firstDivergence < 0) {
      firstDivergence = index;
      long from = index - window.size();
      for (int i = 0; i < window.size(); i++) {
        if (from + i >= FIRST_ROWS && !containsRow(from + i)) {
          rows.add(row(from + i, window.get(i), false));
        }
      }
    }
    boolean noop = cells.stream().anyMatch(cell -> cell != null && isNoop(cell));
    boolean near = firstDivergence >= 0 && index - firstDivergence <= AROUND_DIVERGENCE;
    if (index < FIRST_ROWS || (noop && noopRows < MAX_NOOP_ROWS) || near) {
      Row row = row(index, cells, divergent);
      rows.add(row);
      noopRows += row.noop() ? 1 : 0;
    } else {
      rowsSkipped++;
    }
    window.add(cells);
    if (window.size() > AROUND_DIVERGENCE) {
      window.remove(0);
    }
  }

  private boolean containsRow(long index) {
    return rows.stream().anyMatch(row -> row.index() == index);
  }

  private static Row row(long index, List<String> cells, boolean divergent) {
    long slot = -1;
    boolean noop = false;
    List<String> shown = new ArrayList<>();
    for (String cell : cells) {
      if (cell != null) {
        slot = Math.max(slot, slotOf(cell));
        noop |= isNoop(cell);
      }
      shown.add(cell == null ? null : withoutSlot(cell));
    }
    return new Row(index, slot, shown, noop, divergent);
  }

  private static boolean differ(List<String> cells) {
    String seen = null;
    for (String cell : cells) {
      if (cell != null) {
        if (seen != null && !seen.equals(cell)) {
          return true;
        }
        seen = cell;
      }
    }
    return false;
  }

  static long slotOf(String line) {
    LogEntry entry = parsed(line);
    if (entry != null) {
      return entry.slot();
    }
    int tab = line.indexOf('\t');
    try {
      return Long.parseLong(tab < 0 ? line : line.substring(0, tab));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static boolean isNoop(String line) {
    LogEntry entry = parsed(line);
    return entry != null && entry.command() instanceof Command.Noop;
  }

  /** {@code c1 #5: text} or {@code NOOP}, for a cell; a line that does not parse is shown as it is. */
  private static String withoutSlot(String line) {
    LogEntry entry = parsed(line);
    if (entry == null) {
      return line;
    }
    if (!(entry.command() instanceof Command.Batch batch) || batch.lines().size() != 1) {
      return ChatLogFormat.NOOP;
    }
    ChatLine chat = batch.lines().get(0);
    return "c" + chat.clientId() + " #" + chat.seq() + ": " + chat.text();
  }

  /**
   * The line as the chat log format reads it (its checksum checked, the end-of-slot mark
   * allowed), or null for a line that is not one: the page still shows it, as it is.
   */
  private static LogEntry parsed(String line) {
    try {
      return ChatLogFormat.parse(line);
    } catch (ChatLogException e) {
      return null;
    }
  }

  long longest() {
    return logs.stream().mapToLong(Log::slots).max().orElse(0);
  }

  long noops() {
    return logs.stream().max(java.util.Comparator.comparingLong(Log::slots)).map(Log::noops).orElse(0L);
  }

  long lines() {
    return logs.stream().mapToLong(log -> log.lines() - log.noops()).max().orElse(0);
  }

  boolean identical() {
    return firstDivergence < 0 && logs.stream().map(Log::md5).filter(m -> !m.equals("-")).distinct().count() <= 1;
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no MD5 in this JVM", e);
    }
  }

  private static void closeQuietly(BufferedReader reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        // read only
      }
    }
  }
}
