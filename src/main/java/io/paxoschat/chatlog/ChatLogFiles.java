package io.paxoschat.chatlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where replica logs live: {@code LOGDIR/replica-<id>.log}, and nothing else matches. */
public final class ChatLogFiles {

  private static final Pattern NAME = Pattern.compile("replica-(0|[1-9][0-9]{0,8})\\.log");

  private ChatLogFiles() {}

  public static Path logFile(Path logDir, int replicaId) {
    if (replicaId < 0) {
      throw new IllegalArgumentException("replica id must be >= 0, was " + replicaId);
    }
    return logDir.resolve("replica-" + replicaId + ".log");
  }

  /** The replica id in a log file's name, if it is a replica log at all. */
  public static OptionalInt replicaIdOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** Every replica log in {@code logDir}, by replica id. */
  public static Map<Integer, Path> list(Path logDir) {
    Map<Integer, Path> logs = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(logDir, "replica-*.log")) {
      for (Path file : files) {
        OptionalInt id = replicaIdOf(file);
        if (id.isPresent() && Files.isRegularFile(file)) {
          logs.put(id.getAsInt(), file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(logDir + ": cannot list replica logs", e);
    }
    return logs;
  }

  /**
   * Removes every replica log in {@code logDir}. A run should call this before it starts, so
   * that logs left by an earlier run of a larger cluster do not join the consistency check.
   */
  public static void deleteAll(Path logDir) {
    if (!Files.isDirectory(logDir)) {
      return;
    }
    for (Path file : list(logDir).values()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException(file + ": cannot delete", e);
      }
    }
  }
}
