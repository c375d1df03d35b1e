package io.paxoschat.paxos;

import io.paxoschat.paxos.ClientMessage.ChatEntries;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.Submit;
import io.paxoschat.paxos.ClientMessage.Tick;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.ReadChat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A chat client: sends its lines in order with up to {@code clientWindow} outstanding, several to
 * a message, to the replica it believes leads. A line counts as delivered only when a replica
 * says it executed. When an acknowledgement is overdue, it resends only what is unacknowledged:
 * first to the replica it believes leads, then to the others one at a time, waiting twice as
 * long after each retry that brought nothing (up to {@link #MAX_BACKOFF} times the retry
 * interval). A follower that sees retries while the log stands still suspects its leader.
 *
 * <p>A client that joins a running cluster (its own process, started again) first asks the
 * learners how far its earlier lines executed, and numbers its lines from there: a learner
 * takes a seq it already executed for a retry and acknowledges it without executing it again.
 */
public final class Client {

  /** The longest wait between retries, in retry intervals. */
  static final int MAX_BACKOFF = 8;

  private final int id;
  private final int replicaCount;
  private final ProtocolSettings settings;
  /** This session's lines; the line at index i has seq {@code base + 1 + i}. */
  private final List<String> lines;

  private long now;
  /** The last seq this client used before this session; 0 for a client that starts the cluster. */
  private long base;
  private boolean joined;
  private final Set<Integer> joinAnswers = new HashSet<>();
  private long lastJoinQuery;
  private long view;
  /** Seq of the next line never sent; seqs count from 1. */
  private long nextSeq = 1;
  private long acknowledgedUpTo;
  private long lastSendOrProgress;
  private long retries;
  /** Retry intervals to wait before the next retry; doubles while retries bring nothing. */
  private int backoff = 1;
  /** The replica the next retry goes to. */
  private int retryTarget = -1;

  /** A client whose lines are the first this id ever sends (the one-JVM cluster). */
  public Client(int id, int replicaCount, ProtocolSettings settings, List<String> lines) {
    this(id, replicaCount, settings, lines, true);
  }

  private Client(int id, int replicaCount, ProtocolSettings settings, List<String> lines, boolean joined) {
    this.id = id;
    this.replicaCount = replicaCount;
    this.settings = settings;
    this.lines = new ArrayList<>(lines);
    this.joined = joined;
  }

  /**
   * A client that may have sent lines before, in an earlier session: before it sends, it waits
   * until a majority of learners told it the last seq of its own they executed, and continues
   * after the highest.
   */
  public static Client joining(int id, int replicaCount, ProtocolSettings settings, List<String> lines) {
    return new Client(id, replicaCount, settings, lines, false);
  }

  public List<Effect> start() {
    List<Effect> out = new ArrayList<>();
    if (joined) {
      fillWindow(out);
    } else {
      askWhereMyLinesStand(out);
    }
    return out;
  }

  public List<Effect> handle(ClientMessage message) {
    List<Effect> out = new ArrayList<>();
    if (message instanceof ClientReply reply) {
      if (joined) {
        onReply(reply, out);
      }
    } else if (message instanceof Tick) {
      onTick(out);
    } else if (message instanceof ChatEntries answer) {
      if (!joined) {
        onJoinAnswer(answer, out);
      }
    } else if (message instanceof Submit submit) {
      lines.add(submit.text());
      if (joined) {
        fillWindow(out);
      }
    }
    return out;
  }

  private void askWhereMyLinesStand(List<Effect> out) {
    lastJoinQuery = now;
    ReadChat query = new ReadChat(id, 0, 0);
    for (int replica = 0; replica < replicaCount; replica++) {
      if (!joinAnswers.contains(replica)) {
        out.add(new Effect.Send(Address.learner(replica), query));
      }
    }
  }

  private void onJoinAnswer(ChatEntries answer, List<Effect> out) {
    base = Math.max(base, answer.clientLastSeq());
    joinAnswers.add(answer.replicaId());
    if (joinAnswers.size() > replicaCount / 2) {
      joined = true;
      nextSeq = base + 1;
      acknowledgedUpTo = base;
      lastSendOrProgress = now;
      fillWindow(out);
    }
  }

  private void onReply(ClientReply reply, List<Effect> out) {
    view = Math.max(view, reply.view());
    long upTo = Math.min(reply.executedUpToSeq(), nextSeq - 1);
    if (upTo > acknowledgedUpTo) {
      acknowledgedUpTo = upTo;
      lastSendOrProgress = now;
      backoff = 1;
      retryTarget = -1;
      fillWindow(out);
    }
  }

  private void fillWindow(List<Effect> out) {
    long from = nextSeq;
    while (nextSeq <= base + lines.size() && nextSeq - acknowledgedUpTo <= settings.clientWindow()) {
      nextSeq++;
    }
    if (nextSeq > from) {
      lastSendOrProgress = now;
      send(Ballot.leaderOf(view, replicaCount), from, nextSeq, out);
    }
  }

  /** Lines {@code from} to {@code to - 1} to one replica, as few messages as the size bound allows. */
  private void send(int replica, long from, long to, List<Effect> out) {
    List<ChatLine> chunk = new ArrayList<>();
    int bytes = 0;
    for (long seq = from; seq < to; seq++) {
      ChatLine line = line(seq);
      int size = WireSize.of(line);
      if (!chunk.isEmpty() && (bytes + size > settings.maxBatchBytes() || chunk.size() == settings.maxBatchLines())) {
        out.add(new Effect.Send(Address.learner(replica), new ClientRequest(id, chunk)));
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(line);
      bytes += size;
    }
    if (!chunk.isEmpty()) {
      out.add(new Effect.Send(Address.learner(replica), new ClientRequest(id, chunk)));
    }
  }

  private void onTick(List<Effect> out) {
    now++;
    if (!joined) {
      if (now - lastJoinQuery >= settings.clientRetryTicks()) {
        askWhereMyLinesStand(out);
      }
      return;
    }
    if (acknowledgedUpTo == nextSeq - 1 || now - lastSendOrProgress < (long) backoff * settings.clientRetryTicks()) {
      return;
    }
    lastSendOrProgress = now;
    retries++;
    int leader = Ballot.leaderOf(view, replicaCount);
    if (retryTarget < 0) {
      retryTarget = leader;
    } else {
      retryTarget = (retryTarget + 1) % replicaCount;
      if (retryTarget == leader) {
        backoff = Math.min(MAX_BACKOFF, backoff * 2); // a full round brought nothing
      }
    }
    send(retryTarget, acknowledgedUpTo + 1, nextSeq, out);
  }

  private ChatLine line(long seq) {
    return new ChatLine(id, seq, lines.get((int) (seq - base - 1)));
  }

  /** Joined, and every line of this session acknowledged. */
  public boolean isDone() {
    return joined && acknowledgedUpTo - base == lines.size();
  }

  public boolean joined() {
    return joined;
  }

  /** How many lines of this session are acknowledged. */
  public long acknowledged() {
    return joined ? acknowledgedUpTo - base : 0;
  }

  /** The last seq acknowledged; lines of earlier sessions count. */
  public long acknowledgedSeq() {
    return acknowledgedUpTo;
  }

  /** The seq of this session's first line (valid once joined). */
  public long firstSeq() {
    return base + 1;
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
