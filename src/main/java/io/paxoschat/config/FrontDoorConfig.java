package io.paxoschat.config;

import java.time.Duration;

/**
 * The {@code front-door} block of a cluster file: what a node's own listener, in front of
 * Artery, lets a connection hold (README: "What a stranger can hold").
 *
 * @param enabled off binds Artery on the node's port itself, with no cap and no timeout
 * @param maxConnections inbound connections the node holds at once; more are closed at once
 * @param maxConnectionsPerAddress inbound connections the node holds at once from one source
 *     address, so that one source cannot take the whole cap
 * @param handshakeTimeout how long a connection may take to send Artery's opening (magic header
 *     and a whole first frame; over TLS, a whole first encrypted record) before it is closed
 */
public record FrontDoorConfig(boolean enabled, int maxConnections, int maxConnectionsPerAddress,
    Duration handshakeTimeout) {

  /**
   * A peer opens two connections to a node (Artery's control and ordinary streams; a third if
   * large messages had a stream of their own, which this project does not configure), and while
   * it connects again after a failure its old ones may linger a moment: four per peer at most.
   * So 256 leaves room for some sixty peers, and a stranger's flood costs at most 256 sockets and
   * buffers of some 44 KiB each (relaying, and reading the first frame). Per address, 64 holds
   * sixteen peers on one host (the configs here put all nine nodes on 127.0.0.1); a cluster file
   * with more nodes on one host raises it ({@link #perAddressDefaultFor}).
   */
  public static final FrontDoorConfig DEFAULTS = new FrontDoorConfig(true, 256, 64, Duration.ofSeconds(5));

  /** Connections one peer may hold at once: two streams, and two more while it reconnects. */
  public static final int CONNECTIONS_PER_PEER = 4;

  /** The per-address default for a cluster file whose busiest host runs {@code nodesOnOneHost} nodes. */
  public static int perAddressDefaultFor(int nodesOnOneHost) {
    return Math.max(DEFAULTS.maxConnectionsPerAddress(), CONNECTIONS_PER_PEER * nodesOnOneHost);
  }

  public FrontDoorConfig {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("front-door.max-connections must be at least 1, found " + maxConnections);
    }
    if (maxConnectionsPerAddress < 1) {
      throw new IllegalArgumentException(
          "front-door.max-connections-per-address must be at least 1, found " + maxConnectionsPerAddress);
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("front-door.handshake-timeout must be positive, found " + handshakeTimeout);
    }
  }
}
