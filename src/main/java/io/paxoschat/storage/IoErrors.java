package io.paxoschat.storage;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** What an I/O error means, in words for an operator's one line (no exception class names). */
public final class IoErrors {

  private IoErrors() {}

  public static String describe(Throwable e) {
    if (e instanceof NoSuchFileException missing) {
      return "no such file or directory (" + missing.getFile() + ")";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException exists) {
      return "already exists (" + exists.getFile() + ")";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getFile() != null ? fs.getFile() + ": " + fs.getReason() : fs.getReason();
    }
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return e.getMessage();
    }
    return e.getCause() != null && e.getCause() != e ? describe(e.getCause()) : "I/O error";
  }
}
