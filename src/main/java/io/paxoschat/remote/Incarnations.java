package io.paxoschat.remote;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node process reachable: when a peer quarantines the node's actor system (Artery's verdict
 * that this incarnation is gone for good, which it sometimes reaches about a live one that took
 * over the address of a killed one), it stops that actor system and starts the node again as a
 * new incarnation on the same host:port, the way a restarted process would come back.
 */
public final class Incarnations {

  private static final Logger log = LoggerFactory.getLogger(Incarnations.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /** Starts incarnation {@code n} (0 first) of the node. */
  @FunctionalInterface
  public interface Starter {
    RemoteNode start(int incarnation) throws Exception;
  }

  private final Starter starter;
  private volatile RemoteNode current;
  private volatile boolean stopping;
  private int started;

  public Incarnations(Starter starter) {
    this.starter = starter;
  }

  /** Starts the first incarnation; its failures are the caller's. */
  public RemoteNode start() throws Exception {
    current = starter.start(started++);
    return current;
  }

  public RemoteNode current() {
    return current;
  }

  /** How many incarnations were started. */
  public int incarnations() {
    return started;
  }

  /**
   * Runs until the node stops for another reason than a quarantine: true if {@link #stop} stopped
   * it, false if its actor system ended by itself.
   *
   * @throws Exception when a new incarnation cannot start
   */
  public boolean runUntilStopped() throws Exception {
    while (true) {
      RemoteNode node = current;
      CompletableFuture<?> terminated = node.system().getWhenTerminated().toCompletableFuture();
      CompletableFuture.anyOf(terminated, node.quarantinedByPeer()).join();
      if (stopping) {
        terminated.join();
        return true;
      }
      if (!node.quarantinedByPeer().isDone()) {
        return false;
      }
      log.warn("starting incarnation {} of the node: {} quarantined incarnation {}", started,
          node.quarantinedByPeer().join(), started - 1);
      node.stop(STOP_WAIT);
      synchronized (this) {
        if (stopping) {
          return true;
        }
        current = starter.start(started++);
      }
    }
  }

  /** Stops the current incarnation for good. */
  public boolean stop(Duration timeout) {
    synchronized (this) {
      stopping = true;
    }
    return current.stop(timeout);
  }
}
