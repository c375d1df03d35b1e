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
 * restarted), so the client first opens a session through the log; its lines number on from the
 * id's last executed line, and no line of an earlier session of the id executes after the
 * opening. A tab that comes back after a gateway restart resends its unacknowledged lines with the
 * seqs it was told: those at or below the opening's last seq executed already and are not sent
 * again; the rest never will under the old session, and go out in the new one under the same seqs.
 */
final class TabSession {

  private final Client client;
  /** The last seq handed to the client; valid once joined. */
  private long lastSubmitted;
  private boolean started;

  /**
   * @param nonce above that of every earlier session of this id: the gateway's clock in
   *     milliseconds, which a gateway started again has moved past
   */
  TabSession(int clientId, int replicaCount, ProtocolSettings settings, long nonce) {
    this.client = new Client(clientId, replicaCount, settings, List.of(), nonce);
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

  /** A newer session of this id opened (another tab or gateway with the id): this one sends nothing more. */
  boolean superseded() {
    return client.superseded();
  }

  /** The tab is gone for good: closes the session, so that none of its lines executes afterwards. */
  List<Effect> close() {
    return client.handle(ClientMessage.Close.INSTANCE);
  }

  /** The session is closed, as {@link #close()} asked. */
  boolean closed() {
    return client.isClosed();
  }

  /** The view of the leader as the replicas' answers last said. */
  long view() {
    return client.view();
  }
}
