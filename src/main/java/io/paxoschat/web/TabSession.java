package io.paxoschat.web;

import io.paxoschat.paxos.Client;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.ProtocolSettings;
import java.util.List;

/**
 * The one place the gateway drives the core {@link Client} for a browser tab: everything the
 * gateway needs of a chat session, in terms of seqs.
 *
 * <p>A tab's client id may have written before (an earlier tab, or this tab before the gateway
 * restarted), so the session first asks the learners how far that id's lines executed
 * ({@link Client#joining}); its lines continue from there. A tab that comes back after a gateway
 * restart resends its unacknowledged lines with the seqs it was told: those at or below where the
 * learners stand executed already and are not sent again; the rest are the next seqs, in order,
 * and go out as they were numbered, so a line the old gateway had sent and a replica executes
 * late counts once (the learner takes the copy for a retry).
 */
final class TabSession {

  private final Client client;
  /** The last seq handed to the client; valid once joined. */
  private long lastSubmitted;
  private boolean started;

  TabSession(int clientId, int replicaCount, ProtocolSettings settings) {
    this.client = Client.joining(clientId, replicaCount, settings, List.of());
  }

  List<Effect> start() {
    started = true;
    return client.start();
  }

  /** A message from a replica, or a tick. */
  List<Effect> handle(ClientMessage message) {
    boolean wasJoined = client.joined();
    List<Effect> out = client.handle(message);
    if (!wasJoined && client.joined()) {
      lastSubmitted = client.firstSeq() - 1;
    }
    return out;
  }

  boolean joined() {
    return started && client.joined();
  }

  /** The seq the next line gets: valid once joined. */
  long nextSeq() {
    return lastSubmitted + 1;
  }

  /**
   * Sends a line under {@code seq}, which must be {@link #nextSeq()}; a seq below it was sent
   * before (it is acknowledged or on its way) and is not sent again.
   *
   * @return whether the line was sent now
   * @throws IllegalArgumentException for a seq past {@link #nextSeq()}: a hole in the tab's lines
   */
  boolean send(long seq, String text, List<Effect> out) {
    if (!joined()) {
      throw new IllegalStateException("not joined yet");
    }
    if (seq <= lastSubmitted) {
      return false;
    }
    if (seq != lastSubmitted + 1) {
      throw new IllegalArgumentException("line " + seq + " would leave a hole after " + lastSubmitted);
    }
    lastSubmitted = seq;
    out.addAll(client.handle(new ClientMessage.Submit(text)));
    return true;
  }

  /** Every line up to this seq is executed. */
  long acknowledgedSeq() {
    return client.acknowledgedSeq();
  }

  /** The view of the leader as the replicas' answers last said. */
  long view() {
    return client.view();
  }
}
