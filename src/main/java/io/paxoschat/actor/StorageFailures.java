package io.paxoschat.actor;

import io.paxoschat.storage.IoErrors;
import java.io.UncheckedIOException;

/** One line for a failed write, read or fsync of a replica's files. */
final class StorageFailures {

  private StorageFailures() {}

  /** "what failed: why", without exception class names or a stack trace. */
  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException io) {
      return io.getMessage() + ": " + IoErrors.describe(io.getCause());
    }
    return IoErrors.describe(e);
  }

  /**
   * Whether {@code e} is the disk failing under a role, rather than a bug in it: an I/O error, or
   * a file whose content changed since it was written (a chat line failing its checksum).
   */
  static boolean isStorageFailure(Throwable e) {
    return e instanceof UncheckedIOException || e instanceof io.paxoschat.storage.StorageException
        || e instanceof io.paxoschat.chatlog.ChatLogException;
  }
}
