package io.paxoschat.cli;

/** The command line asks for something that cannot be done; its message is the one line users see. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
