package io.paxoschat.cluster;

import io.paxoschat.remote.NodeId;
import java.nio.file.Path;

/**
 * The files a node process leaves in the log directory, next to the replica chat logs:
 * {@code replica-<id>.pid}, {@code replica-<id>.state} (what it last said about itself),
 * {@code replica-<id>.out} (its console, when {@code bin/cluster} started it), and its debug log.
 */
public final class NodeFiles {

  private NodeFiles() {}

  public static Path pid(Path logs, NodeId node) {
    return logs.resolve(node.name() + ".pid");
  }

  public static Path state(Path logs, NodeId node) {
    return logs.resolve(node.name() + ".state");
  }

  public static Path out(Path logs, NodeId node) {
    return logs.resolve(node.name() + ".out");
  }

  /** Named so that no tool takes it for a replica's chat log. */
  public static Path debugLog(Path logs, NodeId node) {
    return logs.resolve("paxos-chat-" + node.name() + "-debug.log");
  }
}
