package io.paxoschat.remote;

/** Bytes that are not a well-formed wire message: cut short, padded, or with impossible counts. */
public final class WireFormatException extends IllegalArgumentException {

  public WireFormatException(String message) {
    super(message);
  }

  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
