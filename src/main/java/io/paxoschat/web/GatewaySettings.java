package io.paxoschat.web;

import io.paxoschat.config.ClusterConfig;
import io.paxoschat.config.GatewayConfig;
import io.paxoschat.paxos.ProtocolSettings;
import java.time.Duration;

/** What a gateway's actors need of the cluster file: the cluster, this gateway, and the rules for tabs. */
record GatewaySettings(ClusterConfig cluster, GatewayConfig gateway) {

  int replicaCount() {
    return cluster.replicaCount();
  }

  LineRules rules() {
    return new LineRules(cluster.maxLineBytes(), gateway.maxNameChars());
  }

  int linesPerSecond() {
    return gateway.linesPerSecond();
  }

  /**
   * The protocol settings of a tab's client ticking every {@code sessionTick} instead of every
   * protocol tick: a hundred tabs ticking every 5 ms would keep a core busy doing nothing, and a
   * client only counts ticks to time its retries, which keep their length in time.
   */
  ProtocolSettings sessionProtocol(Duration sessionTick) {
    ProtocolSettings protocol = cluster.protocolSettings();
    long retry = cluster.tick().toNanos() * protocol.clientRetryTicks() / sessionTick.toNanos();
    return protocol.toBuilder().clientRetryTicks((int) Math.max(1, retry)).build();
  }
}
