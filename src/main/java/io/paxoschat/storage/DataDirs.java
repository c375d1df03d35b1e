package io.paxoschat.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The replica directories under a data directory: {@code DATA/replica-<id>/}. */
public final class DataDirs {

  private static final Pattern NAME = Pattern.compile("replica-(0|[1-9][0-9]{0,8})");

  private DataDirs() {}

  /**
   * Removes every {@code replica-<id>} directory under {@code dataDir} and the files in it, so
   * that a run starts from empty state. Anything else in {@code dataDir} is left alone.
   */
  public static void deleteAll(Path dataDir) {
    if (!Files.isDirectory(dataDir)) {
      return;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir)) {
      for (Path dir : dirs) {
        if (Files.isDirectory(dir) && NAME.matcher(dir.getFileName().toString()).matches()) {
          deleteTree(dir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(dataDir + ": cannot clear replica data", e);
    }
  }

  /** The ids of the {@code replica-<id>} directories under {@code dataDir}; none if it does not exist. */
  public static Set<Integer> replicaIds(Path dataDir) {
    Set<Integer> ids = new TreeSet<>();
    if (!Files.isDirectory(dataDir)) {
      return ids;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir)) {
      for (Path dir : dirs) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        if (Files.isDirectory(dir) && m.matches()) {
          ids.add(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      throw new StorageException(dataDir + ": cannot list replica data: " + e.getMessage(), e);
    }
    return ids;
  }

  /** Removes {@code dataDir/replica-<id>} and the files in it, if it exists. */
  public static void delete(Path dataDir, int replicaId) {
    Path dir = dataDir.resolve("replica-" + replicaId);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try {
      deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot clear replica data", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      entries.forEach(files::add);
    }
    for (Path file : files) {
      if (Files.isDirectory(file)) {
        deleteTree(file);
      } else {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }
}
