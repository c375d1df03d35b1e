package io.paxoschat.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a replica process says about itself, a few times a second, in {@code replica-<id>.state}:
 * one line of {@code key=value} pairs, replaced atomically, for {@code bin/cluster} to read.
 */
public record ReplicaReport(long pid, long view, boolean leading, long executedUpTo, long updatedAtMillis) {

  public String format() {
    return "pid=" + pid + " view=" + view + " leading=" + leading + " executed=" + executedUpTo
        + " updated=" + updatedAtMillis + "\n";
  }

  public static ReplicaReport parse(String line) {
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

  /** Writes {@code file} so that a reader never sees half of it. */
  public void write(Path file) {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(temp, format(), StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write", e);
    }
  }

  /** The state in {@code file}, or empty if there is none (yet) or it cannot be read. */
  public static Optional<ReplicaReport> read(Path file) {
    try {
      return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
