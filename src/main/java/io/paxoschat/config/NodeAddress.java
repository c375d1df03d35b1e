package io.paxoschat.config;

/** Where one replica or client listens in the multi-JVM mode. */
public record NodeAddress(int id, String host, int port) {

  /** {@code host:port}, the form people type and Artery prints. */
  public String hostPort() {
    return host + ":" + port;
  }
}
