package io.paxoschat.storage;

/** A replica's durable state cannot be read or written; the message is one line naming the file. */
public class StorageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
