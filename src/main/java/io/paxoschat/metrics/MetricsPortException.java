package io.paxoschat.metrics;

/** The metrics server could not listen where it was told; the message is one line for the operator. */
public final class MetricsPortException extends RuntimeException {

  MetricsPortException(String hostPort, Exception cause) {
    super("cannot serve /metrics on " + hostPort + ": " + describe(cause), cause);
  }

  private static String describe(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (root instanceof java.net.BindException) {
      return "the port is in use (" + message + ")";
    }
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
