package io.paxoschat.paxos;

import io.paxoschat.paxos.ClientMessage.ChatEntries;
import io.paxoschat.paxos.ClientMessage.Tick;
import io.paxoschat.paxos.LearnerMessage.ReadChat;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows the committed chat for a client, from slot 0, in slot order: it asks one learner at a
 * time for the lines executed from where it stands, and moves on to the next learner when one
 * does not answer. Any learner will do, since every learner executes the same log; the leader's
 * is usually the furthest ahead.
 *
 * <p>Its {@link Effect.Execute} effects are the chat lines to show (each a batch of one line),
 * each exactly once and in slot order; no-op slots are skipped.
 */
public final class ChatReader {

  /** Lines asked for per read; the learner also cuts its answer at its byte bound. */
  public static final int LINES_PER_READ = 256;

  private final int clientId;
  private final int replicaCount;
  private final int pollTicks;
  private final int retryTicks;

  private long now;
  private long nextSlot;
  private int target;
  private boolean awaiting;
  private long requestedFrom;
  private long lastRequestSent;

  /**
   * @param pollTicks how long to wait, after an answer with nothing new, before asking again
   * @param retryTicks how long to wait for an answer before asking the next learner
   */
  public ChatReader(int clientId, int replicaCount, int pollTicks, int retryTicks) {
    if (pollTicks < 1 || retryTicks < 1) {
      throw new IllegalArgumentException("poll and retry intervals must be at least one tick");
    }
    this.clientId = clientId;
    this.replicaCount = replicaCount;
    this.pollTicks = pollTicks;
    this.retryTicks = retryTicks;
  }

  public List<Effect> start() {
    List<Effect> out = new ArrayList<>();
    request(out);
    return out;
  }

  public List<Effect> handle(ClientMessage message) {
    List<Effect> out = new ArrayList<>();
    if (message instanceof ChatEntries answer) {
      onAnswer(answer, out);
    } else if (message instanceof Tick) {
      onTick(out);
    }
    return out;
  }

  /** Ask the leader of {@code view} next time: its learner is usually the furthest ahead. */
  public void followLeader(long view) {
    if (!awaiting) {
      target = Ballot.leaderOf(view, replicaCount);
    }
  }

  private void onAnswer(ChatEntries answer, List<Effect> out) {
    if (answer.fromSlot() > nextSlot) {
      return; // would leave a hole between what we have shown and what it says
    }
    boolean progress = false;
    long shownFrom = nextSlot;
    for (ChatEntry entry : answer.entries()) {
      if (entry.slot() >= shownFrom && entry.slot() < answer.nextSlot()) {
        out.add(new Effect.Execute(entry.slot(), Command.Batch.of(entry.line())));
        nextSlot = entry.slot() + 1;
        progress = true;
      }
    }
    if (answer.nextSlot() > nextSlot) {
      nextSlot = answer.nextSlot();
      progress = true;
    }
    if (awaiting && answer.replicaId() == target && answer.fromSlot() == requestedFrom) {
      awaiting = false;
      if (progress) {
        request(out); // there may be more than one answer holds
      }
    }
  }

  private void onTick(List<Effect> out) {
    now++;
    if (awaiting && now - lastRequestSent >= retryTicks) {
      target = (target + 1) % replicaCount;
      request(out);
    } else if (!awaiting && now - lastRequestSent >= pollTicks) {
      request(out);
    }
  }

  private void request(List<Effect> out) {
    awaiting = true;
    requestedFrom = nextSlot;
    lastRequestSent = now;
    out.add(new Effect.Send(Address.learner(target),
        new ReadChat(clientId, nextSlot, LINES_PER_READ)));
  }

  /** The first slot not yet shown. */
  public long nextSlot() {
    return nextSlot;
  }
}
