package io.paxoschat.paxos;

import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.Tick;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat client: sends its lines in order with up to {@code clientWindow} outstanding, to the
 * replica it believes leads. A line counts as delivered only when a replica says it executed.
 * When an acknowledgement is overdue, it sends every outstanding line to every replica: one of
 * them leads, and a follower that sees retries while the log stands still suspects its leader.
 */
public final class Client {

  private final int id;
  private final int replicaCount;
  private final ProtocolSettings settings;
  private final List<String> lines;

  private long now;
  private long view;
  /** Seq of the next line never sent; seqs count from 1. */
  private long nextSeq = 1;
  private long acknowledgedUpTo;
  private long lastSendOrProgress;
  private long retries;

  public Client(int id, int replicaCount, ProtocolSettings settings, List<String> lines) {
    this.id = id;
    this.replicaCount = replicaCount;
    this.settings = settings;
    this.lines = List.copyOf(lines);
  }

  public List<Effect> start() {
    List<Effect> out = new ArrayList<>();
    fillWindow(out);
    return out;
  }

  public List<Effect> handle(ClientMessage message) {
    List<Effect> out = new ArrayList<>();
    if (message instanceof ClientReply reply) {
      onReply(reply, out);
    } else if (message instanceof Tick) {
      onTick(out);
    }
    return out;
  }

  private void onReply(ClientReply reply, List<Effect> out) {
    view = Math.max(view, reply.view());
    long upTo = Math.min(reply.executedUpToSeq(), nextSeq - 1);
    if (upTo > acknowledgedUpTo) {
      acknowledgedUpTo = upTo;
      lastSendOrProgress = now;
      fillWindow(out);
    }
  }

  private void fillWindow(List<Effect> out) {
    Address leader = Address.learner(Ballot.leaderOf(view, replicaCount));
    while (nextSeq <= lines.size() && nextSeq - acknowledgedUpTo <= settings.clientWindow()) {
      out.add(new Effect.Send(leader, new ClientRequest(line(nextSeq))));
      nextSeq++;
      lastSendOrProgress = now;
    }
  }

  private void onTick(List<Effect> out) {
    now++;
    if (acknowledgedUpTo == nextSeq - 1 || now - lastSendOrProgress < settings.clientRetryTicks()) {
      return;
    }
    lastSendOrProgress = now;
    retries++;
    for (long seq = acknowledgedUpTo + 1; seq < nextSeq; seq++) {
      ClientRequest request = new ClientRequest(line(seq));
      for (int replica = 0; replica < replicaCount; replica++) {
        out.add(new Effect.Send(Address.learner(replica), request));
      }
    }
  }

  private ChatLine line(long seq) {
    return new ChatLine(id, seq, lines.get((int) (seq - 1)));
  }

  public boolean isDone() {
    return acknowledgedUpTo == lines.size();
  }

  public long acknowledged() {
    return acknowledgedUpTo;
  }

  public int total() {
    return lines.size();
  }

  public long retries() {
    return retries;
  }

  public long view() {
    return view;
  }
}
