package io.paxoschat.storage;

import java.nio.file.Path;

/** Another program owns the files a lock guards; the message is one line naming it. */
public final class OwnerLockHeldException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  OwnerLockHeldException(Path file, String holder) {
    super(file.toAbsolutePath().getParent() + " is in use by " + holder + " (lock " + file.getFileName()
        + "); refusing to touch its files");
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
