package io.paxoschat.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before a command starts anything, that a path it will write can be written, without
 * creating or changing anything: a command that found out only when it first wrote there had
 * already cleared logs, started actors and printed a stack trace.
 */
final class WritablePaths {

  private WritablePaths() {}

  /**
   * A file the command creates, replaces or appends to; null (an option not given) passes.
   *
   * @throws UsageException naming {@code option} and why the file cannot be written
   */
  static void requireFile(String option, Path file) {
    if (file == null) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw refused(option, file, "it is a directory");
    }
    if (Files.exists(file)) {
      if (!Files.isRegularFile(file) || !Files.isWritable(file)) {
        throw refused(option, file, "it is not a file this program may write");
      }
      return;
    }
    requireCreatable(option, file);
  }

  /**
   * A directory the command creates if missing and writes files into.
   *
   * @throws UsageException naming {@code option} and why the directory cannot be written
   */
  static void requireDirectory(String option, Path dir) {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw refused(option, dir, "it is not a directory");
      }
      if (!Files.isWritable(dir)) {
        throw refused(option, dir, "the directory is not writable");
      }
      return;
    }
    requireCreatable(option, dir);
  }

  /** The nearest existing ancestor of a missing path must be a writable directory. */
  private static void requireCreatable(String option, Path path) {
    Path ancestor = path.toAbsolutePath().getParent();
    while (ancestor != null && !Files.exists(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null) {
      throw refused(option, path, "no part of it exists");
    }
    if (!Files.isDirectory(ancestor)) {
      throw refused(option, path, ancestor + " is not a directory");
    }
    if (!Files.isWritable(ancestor)) {
      throw refused(option, path, ancestor + " is not writable");
    }
  }

  private static UsageException refused(String option, Path path, String why) {
    return new UsageException(option + " " + path + ": cannot write there: " + why);
  }
}
