package io.paxoschat.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * What a replica process says about itself, a few times a second, in {@code replica-<id>.state}
 * ({@link ReplicaStateFile}): one line of {@code key=value} pairs ending in a checksum of the
 * rest, for {@code bin/cluster} and {@code bin/nemesis} to read.
 */
public record ReplicaReport(long pid, long view, boolean leading, long executedUpTo, long updatedAtMillis) {

  private static final String CHECK = " check=";
  /** Reads of a record that does not check out before it counts as none: a rewrite takes microseconds. */
  private static final int READS_OF_A_TORN_RECORD = 3;

  public String format() {
    return "pid=" + pid + " view=" + view + " leading=" + leading + " executed=" + executedUpTo
        + " updated=" + updatedAtMillis;
  }

  /** {@link #format()} and the CRC-32 of it, which {@link #parseChecked} verifies. */
  public String formatChecked() {
    String fields = format();
    return fields + CHECK + checksum(fields);
  }

  /**
   * A line {@link #formatChecked} wrote, whose checksum matches: a line that mixes two records
   * (read while it was rewritten) or lost its checksum is refused.
   */
  public static ReplicaReport parseChecked(String line) {
    String trimmed = line.trim();
    int at = trimmed.lastIndexOf(CHECK);
    if (at < 0) {
      throw new IllegalArgumentException("a replica state line without its checksum: " + trimmed);
    }
    String fields = trimmed.substring(0, at);
    String check = trimmed.substring(at + CHECK.length());
    if (!check.equals(checksum(fields))) {
      throw new IllegalArgumentException("a replica state line whose checksum does not match: " + trimmed);
    }
    return parse(fields);
  }

  private static String checksum(String fields) {
    CRC32 crc = new CRC32();
    crc.update(fields.getBytes(StandardCharsets.US_ASCII));
    return String.format("%08x", crc.getValue());
  }

  private static ReplicaReport parse(String line) {
    Map<String, String> fields = new HashMap<>();
    for (String pair : line.trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    try {
      return new ReplicaReport(
          Long.parseLong(fields.get("pid")),
          Long.parseLong(fields.get("view")),
          Boolean.parseBoolean(fields.get("leading")),
          Long.parseLong(fields.get("executed")),
          Long.parseLong(fields.get("updated")));
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("not a replica state line: " + line.trim(), e);
    }
  }

  /**
   * The state in {@code file}, or empty if there is none (yet), it cannot be read, or it was
   * caught half rewritten (the next look finds it whole).
   */
  public static Optional<ReplicaReport> read(Path file) {
    for (int attempt = 1; ; attempt++) {
      try {
        return Optional.of(parseChecked(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        return Optional.empty();
      } catch (IllegalArgumentException e) {
        if (attempt == READS_OF_A_TORN_RECORD) {
          return Optional.empty();
        }
      }
    }
  }
}
