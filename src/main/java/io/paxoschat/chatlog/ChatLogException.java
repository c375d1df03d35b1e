package io.paxoschat.chatlog;

/** A replica log that cannot be read or does not follow the format; the message is one line. */
public final class ChatLogException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ChatLogException(String message) {
    super(message);
  }

  public ChatLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
