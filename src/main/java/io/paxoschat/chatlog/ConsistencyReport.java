package io.paxoschat.chatlog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link ConsistencyChecker} found in a directory of replica logs.
 *
 * @param logs every replica log, by replica id
 * @param verdict how the logs compare, line by line
 * @param behind for {@link Verdict#PREFIX}: replicas whose log is shorter than the longest
 * @param divergence for {@link Verdict#DIVERGENT}: the first slot where two logs differ
 * @param duplicates requests executed at more than one slot of a log
 * @param orderViolations places where a client's seqs do not run 1, 2, 3, ... in slot order
 * @param problems lines that break the file format (malformed, wrong slot number)
 * @param warnings things worth knowing that do not fail the check, such as a last line cut off
 *     by a crash, which is left out of the comparison
 */
public record ConsistencyReport(
    Path logDir,
    List<ReplicaLog> logs,
    Verdict verdict,
    List<Integer> behind,
    Optional<Divergence> divergence,
    List<Duplicate> duplicates,
    List<OrderViolation> orderViolations,
    List<String> problems,
    List<String> warnings) {

  public enum Verdict {
    /** Every log holds the same lines. */
    IDENTICAL,
    /** Every log is a prefix of the longest one: some replicas are behind (or crashed). */
    PREFIX,
    /** Two logs hold different lines for the same slot. */
    DIVERGENT
  }

  /**
   * @param lines complete lines (a cut-off last line is not counted)
   * @param md5 lowercase hex digest of the whole file, as {@code md5sum} prints it
   */
  public record ReplicaLog(int replicaId, Path file, int lines, String md5) {}

  /** The first slot where logs disagree, and which replicas hold which line there. */
  public record Divergence(long slot, List<Variant> variants) {}

  public record Variant(String line, List<Integer> replicas) {}

  /** Request {@code (clientId, seq)} executed at every one of {@code slots}. */
  public record Duplicate(int clientId, long seq, List<Long> slots, List<Integer> replicas) {
    /** E.g. {@code duplicate: client 0 seq 1 executed at slots 0, 4 in replica-0, replica-1}. */
    public String describe() {
      StringBuilder at = new StringBuilder();
      slots.forEach(s -> at.append(at.length() == 0 ? "" : ", ").append(s));
      return "duplicate: client " + clientId + " seq " + seq + " executed at slots " + at + " in "
          + replicaNames(replicas);
    }
  }

  /** Client {@code clientId}'s line at {@code slot} has {@code seq} where {@code expectedSeq} was due. */
  public record OrderViolation(
      int clientId, long slot, long seq, long expectedSeq, List<Integer> replicas) {
    /** E.g. {@code out of order: client 1 seq 3 at slot 9 where seq 2 was due, in replica-0}. */
    public String describe() {
      return "out of order: client " + clientId + " seq " + seq + " at slot " + slot + " where seq "
          + expectedSeq + " was due, in " + replicaNames(replicas);
    }
  }

  public ConsistencyReport {
    logs = List.copyOf(logs);
    behind = List.copyOf(behind);
    duplicates = List.copyOf(duplicates);
    orderViolations = List.copyOf(orderViolations);
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  /** True when the logs agree and each one executed every request once, in client order. */
  public boolean ok() {
    return verdict != Verdict.DIVERGENT
        && duplicates.isEmpty()
        && orderViolations.isEmpty()
        && problems.isEmpty();
  }

  /** Complete lines per replica log, by replica id. */
  public Map<Integer, Integer> lineCounts() {
    Map<Integer, Integer> counts = new LinkedHashMap<>();
    logs.forEach(log -> counts.put(log.replicaId(), log.lines()));
    return counts;
  }

  /**
   * Every finding after the verdict, one line each: duplicates, order violations, format
   * problems ({@code malformed: ...}), then warnings ({@code warning: ...}).
   */
  public List<String> findings() {
    List<String> lines = new ArrayList<>();
    duplicates.forEach(d -> lines.add(d.describe()));
    orderViolations.forEach(v -> lines.add(v.describe()));
    problems.forEach(p -> lines.add("malformed: " + p));
    warnings.forEach(w -> lines.add("warning: " + w));
    return lines;
  }

  /** The verdict as one line, e.g. {@code PREFIX: replica-3, replica-4 behind (12, 15 of 18 lines)}. */
  public String verdictLine() {
    return switch (verdict) {
      case IDENTICAL -> identicalLine();
      case PREFIX -> prefixLine();
      case DIVERGENT -> divergentLine();
    };
  }

  private int longest() {
    return logs.stream().mapToInt(ReplicaLog::lines).max().orElse(0);
  }

  private String identicalLine() {
    return "IDENTICAL: " + plural(logs.size(), "log") + ", " + plural(longest(), "line") + " each";
  }

  private String prefixLine() {
    Map<Integer, Integer> counts = lineCounts();
    StringBuilder shorter = new StringBuilder();
    for (int id : behind) {
      shorter.append(shorter.length() == 0 ? "" : ", ").append(counts.get(id));
    }
    return "PREFIX: " + replicaNames(behind) + " behind (" + shorter + " of " + longest()
        + " lines)";
  }

  private String divergentLine() {
    Divergence d = divergence.orElseThrow();
    StringBuilder out = new StringBuilder("DIVERGENT at slot " + d.slot() + ":");
    String sep = " ";
    for (Variant v : d.variants()) {
      out.append(sep)
          .append(replicaNames(v.replicas()))
          .append(v.replicas().size() == 1 ? " has " : " have ")
          .append('"')
          .append(v.line().replace("\t", "\\t"))
          .append('"');
      sep = "; ";
    }
    return out.toString();
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** {@code replica-0, replica-3} for ids 0 and 3. */
  public static String replicaNames(List<Integer> ids) {
    StringBuilder out = new StringBuilder();
    for (int id : ids) {
      out.append(out.length() == 0 ? "" : ", ").append("replica-").append(id);
    }
    return out.toString();
  }
}
