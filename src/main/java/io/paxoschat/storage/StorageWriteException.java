package io.paxoschat.storage;

/**
 * The disk refused to create, write or sync a replica's file (full, read-only, I/O error), as
 * opposed to a file whose content cannot be trusted. The message is one line naming the file.
 */
public final class StorageWriteException extends StorageException {

  private static final long serialVersionUID = 1L;

  public StorageWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
