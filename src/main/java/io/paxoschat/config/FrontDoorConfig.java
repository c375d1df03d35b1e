package io.paxoschat.config;

import java.time.Duration;

/**
 * The {@code front-door} block of a cluster file: what a node's own listener, in front of
 * Artery, lets a connection hold (README: "What a stranger can hold").
 *
 * @param enabled off binds Artery on the node's port itself, with no cap and no timeout
 * @param maxConnections inbound connections the node holds at once; more are closed at once
 * @param handshakeTimeout how long a connection may take to send Artery's opening (magic header
 *     and a whole first frame; over TLS, a whole first encrypted record) before it is closed
 */
public record FrontDoorConfig(boolean enabled, int maxConnections, Duration handshakeTimeout) {

  /**
   * A peer opens two or three connections to a node (Artery's control, ordinary and large-message
   * streams), so 256 leaves room for some eighty peers, and for a stranger's flood costs at most
   * 256 sockets and relay buffers of 40 KiB each.
   */
  public static final FrontDoorConfig DEFAULTS = new FrontDoorConfig(true, 256, Duration.ofSeconds(5));

  public FrontDoorConfig {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("front-door.max-connections must be at least 1, found " + maxConnections);
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("front-door.handshake-timeout must be positive, found " + handshakeTimeout);
    }
  }
}
