package io.paxoschat.config;

/**
 * A configuration or input file that cannot be used. The message is one line that names the
 * file and the problem, so a command can print it as is, without a stack trace.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
