package io.paxoschat.paxos;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.FloorQuery;
import io.paxoschat.paxos.AcceptorMessage.LeaderProgress;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.AcceptorMessage.Prune;
import io.paxoschat.paxos.AcceptorMessage.RejoinFloor;
import io.paxoschat.paxos.AcceptorRecord.AcceptedValue;
import io.paxoschat.paxos.AcceptorRecord.PrunedBelow;
import io.paxoschat.paxos.AcceptorRecord.Promised;
import io.paxoschat.paxos.AcceptorRecord.RejoinWaitsFor;
import io.paxoschat.paxos.AcceptorRecord.Rejoined;
import io.paxoschat.paxos.AcceptorRecord.Rejoining;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.FloorAnswer;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The acceptor of one replica: the memory of the protocol. It never breaks a promise: once it
 * promised a ballot it accepts nothing lower, and it reports every value it accepted to the
 * leader of any higher ballot, which is what keeps a chosen value chosen across view changes.
 *
 * <p>Every change of state is an {@link AcceptorRecord}, emitted as {@link Effect.Persist}
 * before the answer it allows: a restarted acceptor replays its records and is the acceptor
 * that answered.
 *
 * <p>An acceptor that lost its records (a replaced disk) comes back {@link #rejoining}: it
 * does not vote until it has seen a Paxos instance that started after its return complete,
 * as Paxos Made Live (section 5.1) does it, since it may have promised or accepted things it
 * no longer knows. Meanwhile it only listens: it learns the highest ballot in use and, from
 * the leader's heartbeats, which slots started after its return and when one of them is decided.
 * The values it accepted before it lost them are not all held by a majority of the others any
 * more: it votes again only once its own replica has executed every slot below that bar, and
 * from then on answers that those slots are decided (as if pruned), so that no new leader fills
 * one of them with a no-op on the strength of its promise.
 *
 * <p>A leader's bar only bounds the slots that leader knows of: a deposed leader's heartbeat
 * gives one below slots a newer leader had decided with this acceptor's vote. So the bar counts
 * only from its floor ({@link AcceptorMessage.RejoinFloor}) up: one slot above every slot that a
 * majority of the other acceptors hold, accepted or pruned, which its proposer collects
 * ({@code FloorCollector}). A slot decided with its vote was accepted by f others, and any f + 1
 * of the 2f others include one of them.
 */
public final class Acceptor {

  private final int id;
  /** How many bytes ({@link WireSize}) of accepted values one promise carries beyond its first. */
  private final int maxMessageBytes;
  private Ballot promised = Ballot.NONE;
  private final NavigableMap<Long, PValue> accepted = new TreeMap<>();
  private long prunedBelow;
  /** Null while it votes; the rejoin it is in otherwise. */
  private Rejoin rejoin;

  /**
   * A rejoin in progress: slots from {@code waitsFor} on started after the return, as the leader
   * of {@code learnedFrom} said (-1: not heard from that leader yet).
   */
  private record Rejoin(int pipelineWindow, long waitsFor, Ballot learnedFrom, long floor) {

    /** Where its promises start to count slots as decided: the bar, or the floor if that is higher. */
    long bar() {
      return Math.max(waitsFor, floor);
    }
  }

  public Acceptor(int id) {
    this(id, ProtocolSettings.defaults().maxMessageBytes());
  }

  public Acceptor(int id, int maxMessageBytes) {
    this.id = id;
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * An acceptor with nothing behind it that must not vote yet (see the class comment). Its
   * first effect is the record that makes the rejoin survive a crash: persist it before the
   * replica takes part.
   *
   * @param pipelineWindow the most slots a leader has in flight at once
   */
  public static Acceptor rejoining(int id, int pipelineWindow, List<Effect> out) {
    if (pipelineWindow < 1) {
      throw new IllegalArgumentException("pipeline window must be at least 1, was " + pipelineWindow);
    }
    Acceptor acceptor = new Acceptor(id);
    acceptor.record(new Rejoining(pipelineWindow), out);
    return acceptor;
  }

  /** The acceptor whose records, in order, were {@code records}. */
  public static Acceptor recover(int id, Iterable<AcceptorRecord> records) {
    return recover(id, ProtocolSettings.defaults().maxMessageBytes(), records);
  }

  public static Acceptor recover(int id, int maxMessageBytes, Iterable<AcceptorRecord> records) {
    Acceptor acceptor = new Acceptor(id, maxMessageBytes);
    for (AcceptorRecord record : records) {
      acceptor.replay(record);
    }
    return acceptor;
  }

  /**
   * Applies one record read back from durable storage, in the order it was written. For
   * recovery only: it answers nothing and persists nothing.
   */
  public void replay(AcceptorRecord record) {
    apply(record);
  }

  public List<Effect> handle(AcceptorMessage message) {
    List<Effect> out = new ArrayList<>(2);
    // Java 17 has no pattern switch yet; the sealed interface keeps this list complete.
    if (rejoin != null) {
      listen(message, out);
    } else if (message instanceof Prepare prepare) {
      onPrepare(prepare, out);
    } else if (message instanceof Accept accept) {
      onAccept(accept, out);
    } else if (message instanceof Prune prune) {
      if (prune.belowSlot() > prunedBelow) {
        record(new PrunedBelow(prune.belowSlot()), out);
      }
    } else if (message instanceof FloorQuery query) {
      long highest = Math.max(accepted.isEmpty() ? -1 : accepted.lastKey(), prunedBelow - 1);
      out.add(new Effect.Send(Address.proposer(query.requesterId()), new FloorAnswer(id, highest, query.nonce())));
    }
    return out;
  }

  /**
   * While rejoining: answer nothing, but keep the highest ballot seen as a promise (so that
   * once it votes it refuses every leader older than the one it watched) and learn from the
   * leader which slots started after the return. The leader's heartbeat, received after the
   * return, says it has proposed nothing from its next slot on: that slot is the bar. Once the
   * same leader reports its commit index past the bar (or a Prune passes it), an instance begun
   * after the return is decided and it votes. An Accept of a newer ballot is another leader,
   * whose earlier slots it cannot date: the bar waits for that leader's heartbeat. This trusts a
   * heartbeat heard after the return to have been sent after it, as the old process's connections
   * (and what was in flight on them) died with it.
   */
  private void listen(AcceptorMessage message, List<Effect> out) {
    if (message instanceof Prepare prepare) {
      if (prepare.ballot().isAbove(promised)) {
        record(new Promised(prepare.ballot()), out);
      }
    } else if (message instanceof Accept accept) {
      if (accept.ballot().isAbove(promised)) {
        record(new Promised(accept.ballot()), out);
      }
      if (accept.ballot().isAbove(rejoin.learnedFrom())) {
        record(new RejoinWaitsFor(-1, accept.ballot()), out);
      }
      // It does not vote, but what the leader proposed is all its learner needs with a Chosen.
      tellLearner(accept, out);
    } else if (message instanceof LeaderProgress progress) {
      if (progress.ballot().isAbove(promised)) {
        record(new Promised(progress.ballot()), out);
      }
      if (rejoin.floor() < 0) {
        out.add(new Effect.Send(Address.proposer(id), ProposerMessage.FloorNeeded.INSTANCE));
      }
      boolean newLeader = progress.ballot().isAbove(rejoin.learnedFrom());
      if (newLeader || (progress.ballot().equals(rejoin.learnedFrom()) && rejoin.waitsFor() < 0)) {
        record(new RejoinWaitsFor(progress.nextSlot(), progress.ballot()), out);
      } else if (progress.ballot().equals(rejoin.learnedFrom()) && rejoin.floor() >= 0
          && progress.commitIndex() > rejoin.waitsFor() && progress.durableUpTo() >= rejoin.bar()) {
        if (rejoin.bar() > prunedBelow) {
          record(new PrunedBelow(rejoin.bar()), out);
        }
        record(new Rejoined(), out);
      }
    } else if (message instanceof Prune prune) {
      if (prune.belowSlot() > prunedBelow) {
        record(new PrunedBelow(prune.belowSlot()), out);
      }
      if (rejoin.waitsFor() >= 0 && rejoin.floor() >= 0 && prune.belowSlot() > rejoin.waitsFor()
          && prune.belowSlot() >= rejoin.floor()) {
        record(new Rejoined(), out);
      }
    } else if (message instanceof RejoinFloor floor) {
      // Kept in memory only: a replica that restarts while rejoining asks again.
      if (floor.slot() > rejoin.floor()) {
        rejoin = new Rejoin(rejoin.pipelineWindow(), rejoin.waitsFor(), rejoin.learnedFrom(), floor.slot());
      }
    }
  }

  private void onPrepare(Prepare prepare, List<Effect> out) {
    Address leader = Address.proposer(prepare.ballot().leaderId());
    if (prepare.ballot().isAtLeast(promised)) {
      if (prepare.ballot().isAbove(promised)) {
        record(new Promised(prepare.ballot()), out);
      }
      long from = Math.max(prepare.fromSlot(), prunedBelow);
      ByteBoundedChunk<PValue> report = new ByteBoundedChunk<>(maxMessageBytes);
      long nextFrom = Promise.COMPLETE;
      for (PValue value : accepted.tailMap(from, true).values()) {
        if (!report.offer(value, WireSize.of(value.command()))) {
          nextFrom = value.slot(); // the leader asks for the rest with a Prepare from here
          break;
        }
      }
      out.add(new Effect.Send(leader, new Promise(promised, id, prepare.fromSlot(), report.items(), nextFrom, prunedBelow)));
    } else {
      out.add(new Effect.Send(leader, new Rejected(promised, id)));
    }
  }

  private void onAccept(Accept accept, List<Effect> out) {
    Address leader = Address.proposer(accept.ballot().leaderId());
    if (!accept.ballot().isAtLeast(promised)) {
      out.add(new Effect.Send(leader, new Rejected(promised, id)));
      return;
    }
    if (accept.slot() < prunedBelow) {
      // The slot is decided and executed everywhere we hear of. A leader whose ballot is at
      // least our promise proposes there only the chosen value, so agreeing is safe; keeping
      // it is pointless. Without the answer, a leader that missed the decision would retry forever.
      if (accept.ballot().isAbove(promised)) {
        record(new Promised(accept.ballot()), out);
      }
    } else {
      PValue value = new PValue(accept.slot(), accept.ballot(), accept.command());
      if (!value.equals(accepted.get(accept.slot()))) {
        record(new AcceptedValue(value), out); // a retransmitted Accept changes nothing
      }
      tellLearner(accept, out);
    }
    out.add(new Effect.Send(leader, new Accepted(accept.ballot(), id, accept.slot())));
  }

  /**
   * Hands the value to this replica's learner, which the leader then tells only that the slot is
   * chosen in this ballot ({@link LearnerMessage.Chosen}). Every Accept, a retransmitted one too:
   * the learner may have restarted since the first.
   */
  private void tellLearner(Accept accept, List<Effect> out) {
    out.add(new Effect.Send(Address.learner(id),
        new LearnerMessage.AcceptedHere(new PValue(accept.slot(), accept.ballot(), accept.command()))));
  }

  /** Applies {@code record} and asks the shell to make it durable, before any Send that follows. */
  private void record(AcceptorRecord record, List<Effect> out) {
    apply(record);
    out.add(new Effect.Persist(record));
  }

  private void apply(AcceptorRecord record) {
    if (record instanceof Promised p) {
      if (p.ballot().isAbove(promised)) {
        promised = p.ballot();
      }
    } else if (record instanceof AcceptedValue a) {
      PValue value = a.value();
      if (value.ballot().isAbove(promised)) {
        promised = value.ballot();
      }
      if (value.slot() >= prunedBelow) {
        accepted.put(value.slot(), value);
      }
    } else if (record instanceof PrunedBelow p) {
      if (p.slot() > prunedBelow) {
        prunedBelow = p.slot();
        accepted.headMap(prunedBelow, false).clear();
      }
    } else if (record instanceof Rejoining r) {
      rejoin = new Rejoin(r.pipelineWindow(), -1, Ballot.NONE, -1);
    } else if (record instanceof RejoinWaitsFor w) {
      if (rejoin != null) {
        rejoin = new Rejoin(rejoin.pipelineWindow(), w.slot(), w.ballot(), rejoin.floor());
      }
    } else if (record instanceof Rejoined) {
      rejoin = null;
    }
  }

  /**
   * The fewest records that rebuild this acceptor: what a compacted file holds in place of its
   * whole history.
   */
  public List<AcceptorRecord> snapshot() {
    List<AcceptorRecord> records = new ArrayList<>(accepted.size() + 4);
    if (rejoin != null) {
      records.add(new Rejoining(rejoin.pipelineWindow()));
      if (!rejoin.learnedFrom().equals(Ballot.NONE)) {
        records.add(new RejoinWaitsFor(rejoin.waitsFor(), rejoin.learnedFrom()));
      }
    }
    if (!promised.equals(Ballot.NONE)) {
      records.add(new Promised(promised));
    }
    if (prunedBelow > 0) {
      records.add(new PrunedBelow(prunedBelow));
    }
    for (PValue value : accepted.values()) {
      records.add(new AcceptedValue(value));
    }
    return records;
  }

  public int id() {
    return id;
  }

  public Ballot promised() {
    return promised;
  }

  public PValue acceptedAt(long slot) {
    return accepted.get(slot);
  }

  /** How many slots hold an accepted value (pruned ones do not). */
  public int acceptedCount() {
    return accepted.size();
  }

  public long prunedBelow() {
    return prunedBelow;
  }

  /** False while it rejoins: it answers no prepare and no accept. */
  public boolean votes() {
    return rejoin == null;
  }

  /** While rejoining, the slot whose decision lets it vote again; -1 if not known yet or voting. */
  public long rejoinWaitsFor() {
    return rejoin == null ? -1 : rejoin.waitsFor();
  }
}
