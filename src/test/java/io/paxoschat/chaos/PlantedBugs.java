package io.paxoschat.chaos;

import io.paxoschat.paxos.Acceptor;
import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.LeaderProgress;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.AcceptorRecord;
import io.paxoschat.paxos.AcceptorRecord.RejoinWaitsFor;
import io.paxoschat.paxos.AcceptorRecord.Rejoined;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Effect;
import io.paxoschat.paxos.ExecutedPrefix;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.Message;
import io.paxoschat.paxos.PValue;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.LearnerProgress;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProtocolSettings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Known bugs, planted behind {@link ProtocolRole} to prove the chaos run catches them. They live
 * in test code only: nothing shipped can reach them.
 */
final class PlantedBugs {

  private PlantedBugs() {}

  /** Acceptors that answer a prepare but do not keep the promise: a lower ballot's accept still goes through. */
  static RoleFactory acceptorForgetsPromise() {
    return new CoreExcept() {
      @Override
      public ProtocolRole acceptor(int id) {
        return new ForgetfulAcceptor(id);
      }
    };
  }

  /** Acceptors that keep nothing across a restart: what they promised and accepted is gone. */
  static RoleFactory acceptorForgetsOnRestart() {
    return new CoreExcept() {
      @Override
      public RestartedRoles restart(int id, int n, ProtocolSettings settings, Random random,
          List<AcceptorRecord> acceptorRecords, ExecutedPrefix chatLog) {
        return RoleFactory.core().restart(id, n, settings, random, acceptorRecords, chatLog)
            .withAcceptor(RoleFactory.core().acceptor(id)); // BUG: state that should have been on disk
      }
    };
  }

  /** A replica back from a lost disk whose empty acceptor votes at once, as if it had never answered anyone. */
  static RoleFactory rejoinVotesAtOnce() {
    return new CoreExcept() {
      @Override
      public ProtocolRole acceptorAfterDiskLoss(int id, ProtocolSettings settings) {
        return RoleFactory.core().acceptor(id); // BUG: an amnesiac acceptor that votes
      }
    };
  }

  /**
   * A replica back from a lost disk that votes again as soon as its leader's commit index passes
   * the bar, whether or not its own replica has executed the slots below it, and promises nothing
   * about them: the rule before votes waited for the replica's execution.
   */
  static RoleFactory rejoinVotesBeforeItsReplicaExecuted() {
    return new CoreExcept() {
      @Override
      public ProtocolRole acceptorAfterDiskLoss(int id, ProtocolSettings settings) {
        return new EagerRejoin(id, settings);
      }
    };
  }

  /** A leader that skips phase 1: it assumes every acceptor promised with nothing accepted. */
  static RoleFactory leaderSkipsPhase1() {
    return new CoreExcept() {
      @Override
      public ProtocolRole proposer(int id, int n, ProtocolSettings settings, Random random, long skipSlot) {
        return new Phase1Skipper(RoleFactory.core().proposer(id, n, settings, random, skipSlot));
      }
    };
  }

  /** A leader that proposes a client's lines out of seq order: each batch goes out reversed. */
  static RoleFactory leaderProposesLinesOutOfOrder() {
    return new CoreExcept() {
      @Override
      public ProtocolRole proposer(int id, int n, ProtocolSettings settings, Random random, long skipSlot) {
        return new BatchRewriter(RoleFactory.core().proposer(id, n, settings, random, skipSlot), (batch, previous) -> {
          List<ChatLine> reversed = new ArrayList<>(batch.lines());
          java.util.Collections.reverse(reversed); // BUG: a line before its predecessor
          return new Command.Batch(reversed);
        });
      }
    };
  }

  /** A leader that proposes lines it already has in flight again: each batch repeats the one before. */
  static RoleFactory leaderProposesPendingLinesTwice() {
    return new CoreExcept() {
      @Override
      public ProtocolRole proposer(int id, int n, ProtocolSettings settings, Random random, long skipSlot) {
        return new BatchRewriter(RoleFactory.core().proposer(id, n, settings, random, skipSlot), (batch, previous) -> {
          List<ChatLine> lines = new ArrayList<>(batch.lines());
          if (previous != null) {
            lines.addAll(previous.lines()); // BUG: copies of lines already proposed
          }
          return new Command.Batch(lines);
        });
      }
    };
  }

  /** A proposer that counts an answer it already had as if another acceptor had sent it. */
  static RoleFactory proposerCountsRepeatedAnswers() {
    return new CoreExcept() {
      @Override
      public ProtocolRole proposer(int id, int n, ProtocolSettings settings, Random random, long skipSlot) {
        return new RepeatCounter(RoleFactory.core().proposer(id, n, settings, random, skipSlot));
      }
    };
  }

  /** A learner without dedup: a line decided a second time executes a second time. */
  static RoleFactory learnerExecutesDuplicates() {
    return new CoreExcept() {
      @Override
      public ProtocolRole learner(int id, int n, ProtocolSettings settings) {
        return new DuplicateExecutor(RoleFactory.core().learner(id, n, settings));
      }
    };
  }

  /**
   * A learner without a session barrier, as clients were before sessions: a client started again
   * numbers its lines after the last executed seq, and any line with the next seq executes,
   * whichever run sent it; so a late line of the earlier run can take the new run's seq.
   */
  static RoleFactory learnerIgnoresSessions() {
    return new CoreExcept() {
      @Override
      public ProtocolRole learner(int id, int n, ProtocolSettings settings) {
        return new SessionBlindLearner(RoleFactory.core().learner(id, n, settings));
      }
    };
  }

  /**
   * A learner that writes a session's closing to its log and answers it, but never applies it:
   * lines of the closed session still execute when they are decided after the closing.
   */
  static RoleFactory learnerForgetsClosings() {
    return new CoreExcept() {
      @Override
      public ProtocolRole learner(int id, int n, ProtocolSettings settings) {
        return new ClosingForgetter(RoleFactory.core().learner(id, n, settings));
      }
    };
  }

  /**
   * A follower's learner that, told a slot is chosen, takes whatever value its acceptor accepted
   * there first, of whichever ballot, rather than the value of the chosen ballot.
   */
  static RoleFactory learnerTakesAnyBallotsValue() {
    return new CoreExcept() {
      @Override
      public ProtocolRole learner(int id, int n, ProtocolSettings settings) {
        return new BallotBlindLearner(RoleFactory.core().learner(id, n, settings));
      }
    };
  }

  /**
   * A learner that reports its chat log durable as far as it executed, without waiting for the
   * fsync: peers prune slots that a crash may still take from its log.
   */
  static RoleFactory learnerClaimsDurabilityBeforeTheFsync() {
    return new CoreExcept() {
      @Override
      public ProtocolRole learner(int id, int n, ProtocolSettings settings) {
        return new EagerDurability(RoleFactory.core().learner(id, n, settings));
      }

      @Override
      public RestartedRoles restart(int id, int n, ProtocolSettings settings, Random random,
          List<AcceptorRecord> acceptorRecords, ExecutedPrefix chatLog) {
        RestartedRoles roles = RoleFactory.core().restart(id, n, settings, random, acceptorRecords, chatLog);
        return new RestartedRoles(roles.acceptor(), roles.proposer(), new EagerDurability(roles.learner()));
      }
    };
  }

  /** The shipped roles, for a planted bug to override one of. */
  private abstract static class CoreExcept implements RoleFactory {
    @Override
    public ProtocolRole acceptor(int id) {
      return RoleFactory.core().acceptor(id);
    }

    @Override
    public ProtocolRole proposer(int id, int n, ProtocolSettings settings, Random random, long skipSlot) {
      return RoleFactory.core().proposer(id, n, settings, random, skipSlot);
    }

    @Override
    public ProtocolRole learner(int id, int n, ProtocolSettings settings) {
      return RoleFactory.core().learner(id, n, settings);
    }
  }

  /** The acceptor of the core, except that a prepare leaves no promise behind. */
  private static final class ForgetfulAcceptor implements ProtocolRole {
    private final int id;
    private Ballot promised = Ballot.NONE;
    private final TreeMap<Long, PValue> accepted = new TreeMap<>();

    ForgetfulAcceptor(int id) {
      this.id = id;
    }

    @Override
    public List<Effect> handle(Message message) {
      if (message instanceof Prepare prepare) {
        Address leader = Address.proposer(prepare.ballot().leaderId());
        if (!prepare.ballot().isAtLeast(promised)) {
          return List.of(new Effect.Send(leader, new Rejected(promised, id)));
        }
        // BUG: the promise is answered but never recorded.
        List<PValue> report = new ArrayList<>(accepted.tailMap(prepare.fromSlot(), true).values());
        return List.of(new Effect.Send(leader, new Promise(prepare.ballot(), id, report)));
      }
      if (!(message instanceof Accept accept)) {
        return List.of(); // it never prunes: keeping everything is not its bug
      }
      Address leader = Address.proposer(accept.ballot().leaderId());
      if (!accept.ballot().isAtLeast(promised)) {
        return List.of(new Effect.Send(leader, new Rejected(promised, id)));
      }
      // BUG: nor does an accept leave a promise behind.
      accepted.put(accept.slot(), new PValue(accept.slot(), accept.ballot(), accept.command()));
      return List.of(new Effect.Send(leader, new Accepted(accept.ballot(), id, accept.slot())));
    }
  }

  /**
   * The core's rejoining acceptor, except that a heartbeat of the leader it watches whose commit
   * index passes the bar ends the rejoin then and there.
   */
  private static final class EagerRejoin implements ProtocolRole {
    private final List<Effect> first = new ArrayList<>();
    private final Acceptor acceptor;
    /** The leader whose heartbeat set the bar, read off the records the core acceptor persists. */
    private Ballot barFrom = Ballot.NONE;

    EagerRejoin(int id, ProtocolSettings settings) {
      acceptor = Acceptor.rejoining(id, settings.maxInFlight(), first);
    }

    @Override
    public List<Effect> start() {
      return first;
    }

    @Override
    public List<Effect> handle(Message message) {
      if (message instanceof LeaderProgress progress && !acceptor.votes() && acceptor.rejoinWaitsFor() >= 0
          && progress.ballot().equals(barFrom) && progress.commitIndex() > acceptor.rejoinWaitsFor()) {
        // BUG: the slots below the bar may hold values this replica has not executed.
        Rejoined rejoined = new Rejoined();
        acceptor.replay(rejoined);
        return List.of(new Effect.Persist(rejoined));
      }
      List<Effect> effects = acceptor.handle((AcceptorMessage) message);
      for (Effect effect : effects) {
        if (effect instanceof Effect.Persist persist && persist.record() instanceof RejoinWaitsFor waits) {
          barFrom = waits.ballot();
        }
      }
      return effects;
    }
  }

  /** The core proposer, with its prepares answered at once by empty promises it makes up. */
  /**
   * A proposer whose batches are rewritten on their way out, the same way every time one is
   * sent (accepts, retransmits and decisions agree), so the bug is in what it proposes, not in
   * Paxos itself.
   */
  private static final class BatchRewriter implements ProtocolRole {
    private final ProtocolRole inner;
    private final java.util.function.BinaryOperator<Command.Batch> rewrite;
    private final Map<Command.Batch, Command.Batch> rewritten = new HashMap<>();
    private Command.Batch previous;

    BatchRewriter(ProtocolRole inner, java.util.function.BinaryOperator<Command.Batch> rewrite) {
      this.inner = inner;
      this.rewrite = rewrite;
    }

    @Override
    public List<Effect> start() {
      return rewriteAll(inner.start());
    }

    @Override
    public List<Effect> handle(Message message) {
      return rewriteAll(inner.handle(message));
    }

    private List<Effect> rewriteAll(List<Effect> effects) {
      List<Effect> out = new ArrayList<>(effects.size());
      for (Effect effect : effects) {
        if (effect instanceof Effect.Send send && send.message() instanceof Accept accept
            && accept.command() instanceof Command.Batch batch) {
          effect = new Effect.Send(send.to(), new Accept(accept.ballot(), accept.slot(), rewritten(batch)));
        } else if (effect instanceof Effect.Send send && send.message() instanceof Decision decision
            && decision.command() instanceof Command.Batch batch) {
          effect = new Effect.Send(send.to(), new Decision(decision.slot(), rewritten(batch)));
        }
        out.add(effect);
      }
      return out;
    }

    private Command.Batch rewritten(Command.Batch batch) {
      return rewritten.computeIfAbsent(batch, b -> {
        Command.Batch changed = rewrite.apply(b, previous);
        previous = b;
        return changed;
      });
    }
  }

  private static final class Phase1Skipper implements ProtocolRole {
    private final ProtocolRole inner;

    Phase1Skipper(ProtocolRole inner) {
      this.inner = inner;
    }

    @Override
    public List<Effect> start() {
      return skipPrepares(inner.start());
    }

    @Override
    public List<Effect> handle(Message message) {
      return skipPrepares(inner.handle(message));
    }

    private List<Effect> skipPrepares(List<Effect> effects) {
      List<Effect> out = new ArrayList<>();
      Deque<Promise> madeUp = new ArrayDeque<>();
      for (Effect effect : effects) {
        if (effect instanceof Effect.Send send && send.message() instanceof Prepare prepare) {
          madeUp.add(new Promise(prepare.ballot(), send.to().id(), List.of())); // BUG
        } else {
          out.add(effect);
        }
      }
      for (Promise promise : madeUp) {
        out.addAll(skipPrepares(inner.handle(promise)));
      }
      return out;
    }
  }

  /** The core proposer, fed a fresh acceptor id whenever an answer repeats. */
  private static final class RepeatCounter implements ProtocolRole {
    private final ProtocolRole inner;
    private final java.util.Set<String> seen = new java.util.HashSet<>();
    private int fakeIds = 1_000;

    RepeatCounter(ProtocolRole inner) {
      this.inner = inner;
    }

    @Override
    public List<Effect> start() {
      return inner.start();
    }

    @Override
    public List<Effect> handle(Message message) {
      if (message instanceof Promise promise && !seen.add("p" + promise.ballot() + "/" + promise.acceptorId())) {
        message = new Promise(promise.ballot(), fakeIds++, promise.accepted()); // BUG
      } else if (message instanceof Accepted accepted
          && !seen.add("a" + accepted.ballot() + "/" + accepted.slot() + "/" + accepted.acceptorId())) {
        message = new Accepted(accepted.ballot(), fakeIds++, accepted.slot()); // BUG
      }
      return inner.handle(message);
    }
  }

  /** The core learner, except that a line it turned into a no-op as a duplicate executes anyway. */
  /**
   * The core learner, except that a line of an older session than its client's open one is
   * taken for a line of the open session, as a learner that numbered by seq alone would.
   */
  private static final class SessionBlindLearner implements ProtocolRole {
    private final ProtocolRole inner;
    private final Map<Integer, Long> openSession = new HashMap<>();

    SessionBlindLearner(ProtocolRole inner) {
      this.inner = inner;
    }

    private final DecidedValues decided = new DecidedValues();

    @Override
    public List<Effect> handle(Message message) {
      List<Effect> out = new ArrayList<>();
      message = decided.translate(message);
      if (message == null) {
        return out;
      }
      if (message instanceof CatchUpReply reply) {
        for (Decision decision : reply.decisions()) {
          out.addAll(handleNow(new Decision(decision.slot(), blind(decision.command()))));
        }
        return out;
      }
      if (message instanceof Decision decision) {
        message = new Decision(decision.slot(), blind(decision.command()));
      }
      return handleNow(message);
    }

    private List<Effect> handleNow(Message message) {
      List<Effect> effects = inner.handle(message);
      for (Effect effect : effects) {
        if (effect instanceof Effect.Execute execute && execute.command() instanceof Command.OpenSession open) {
          openSession.put(open.clientId(), execute.slot());
        }
      }
      return effects;
    }

    private Command blind(Command command) {
      if (!(command instanceof Command.Batch batch)) {
        return command;
      }
      // BUG: a superseded session's line passes for one of the open session.
      return new Command.Batch(batch.lines().stream()
          .map(line -> line.session() < openSession.getOrDefault(line.clientId(), -1L)
              ? new ChatLine(line.clientId(), openSession.get(line.clientId()), line.seq(), line.text())
              : line)
          .toList());
    }
  }

  private static final class ClosingForgetter implements ProtocolRole {
    private final ProtocolRole inner;
    private final Map<Long, Command.CloseSession> closings = new HashMap<>();
    private final Map<Integer, Long> lastSeq = new HashMap<>();

    ClosingForgetter(ProtocolRole inner) {
      this.inner = inner;
    }

    private final DecidedValues decided = new DecidedValues();

    @Override
    public List<Effect> handle(Message message) {
      message = decided.translate(message);
      if (message == null) {
        return List.of();
      }
      if (message instanceof CatchUpReply reply) {
        List<Effect> out = new ArrayList<>();
        for (Decision decision : reply.decisions()) {
          out.addAll(handleNow(forget(decision)));
        }
        return out;
      }
      return handleNow(message instanceof Decision decision ? forget(decision) : message);
    }

    private Decision forget(Decision decision) {
      if (decision.command() instanceof Command.CloseSession close) {
        closings.put(decision.slot(), close);
        return new Decision(decision.slot(), Command.Noop.INSTANCE); // BUG: the closing is not applied
      }
      return decision;
    }

    private List<Effect> handleNow(Message message) {
      List<Effect> out = new ArrayList<>();
      for (Effect effect : inner.handle(message)) {
        if (effect instanceof Effect.Execute execute) {
          for (ChatLine line : Command.linesOf(execute.command())) {
            lastSeq.put(line.clientId(), line.seq());
          }
          Command.CloseSession close = closings.get(execute.slot());
          if (close != null) {
            out.add(new Effect.Execute(execute.slot(), close));
            out.add(new Effect.Send(Address.client(close.clientId()), new ClientMessage.SessionClosed(
                close.clientId(), close.session(), lastSeq.getOrDefault(close.clientId(), 0L))));
            continue;
          }
        }
        if (effect instanceof Effect.Send send && send.message() instanceof CatchUpReply reply) {
          // Peers get the closing as decided: only this learner's own execution forgets it.
          effect = new Effect.Send(send.to(), new CatchUpReply(reply.decisions().stream()
              .map(d -> closings.containsKey(d.slot()) ? new Decision(d.slot(), closings.get(d.slot())) : d)
              .toList()));
        }
        out.add(effect);
      }
      return out;
    }
  }

  private static final class EagerDurability implements ProtocolRole {
    private final ProtocolRole inner;

    EagerDurability(ProtocolRole inner) {
      this.inner = inner;
    }

    @Override
    public List<Effect> handle(Message message) {
      List<Effect> out = new ArrayList<>();
      for (Effect effect : inner.handle(message)) {
        if (effect instanceof Effect.Send send && send.message() instanceof LearnerProgress progress) {
          // BUG: what executed is not yet what the disk holds.
          effect = new Effect.Send(send.to(), new LearnerProgress(progress.executedUpTo()));
        }
        out.add(effect);
      }
      return out;
    }
  }

  private static final class DuplicateExecutor implements ProtocolRole {
    private final ProtocolRole inner;
    private final Map<Long, Command> decided = new HashMap<>();
    private final Map<Integer, Long> lastSeq = new HashMap<>();

    DuplicateExecutor(ProtocolRole inner) {
      this.inner = inner;
    }

    private final DecidedValues values = new DecidedValues();

    @Override
    public List<Effect> handle(Message message) {
      message = values.translate(message);
      if (message == null) {
        return List.of();
      }
      if (message instanceof Decision decision) {
        decided.putIfAbsent(decision.slot(), decision.command());
      } else if (message instanceof CatchUpReply reply) {
        reply.decisions().forEach(d -> decided.putIfAbsent(d.slot(), d.command()));
      }
      List<Effect> out = new ArrayList<>();
      for (Effect effect : inner.handle(message)) {
        if (effect instanceof Effect.Execute execute) {
          List<ChatLine> executed = new ArrayList<>(Command.linesOf(execute.command()));
          for (ChatLine line : Command.linesOf(decided.get(execute.slot()))) {
            if (!executed.contains(line) && line.seq() <= lastSeq.getOrDefault(line.clientId(), 0L)) {
              executed.add(line); // BUG: no dedup
            }
          }
          if (!executed.isEmpty()) {
            effect = new Effect.Execute(execute.slot(), new Command.Batch(executed));
          }
          for (ChatLine line : executed) {
            lastSeq.merge(line.clientId(), line.seq(), Math::max);
          }
        }
        out.add(effect);
      }
      return out;
    }
  }

  private static final class BallotBlindLearner implements ProtocolRole {
    private final ProtocolRole inner;
    private final Map<Long, Command> firstAccepted = new HashMap<>();

    BallotBlindLearner(ProtocolRole inner) {
      this.inner = inner;
    }

    @Override
    public List<Effect> handle(Message message) {
      if (message instanceof LearnerMessage.AcceptedHere here) {
        firstAccepted.putIfAbsent(here.value().slot(), here.value().command());
      } else if (message instanceof LearnerMessage.Chosen chosen && firstAccepted.containsKey(chosen.slot())) {
        message = new Decision(chosen.slot(), firstAccepted.get(chosen.slot())); // BUG: any ballot's value
      }
      return inner.handle(message);
    }
  }

  /**
   * For a planted learner bug: a follower's learner is sent a {@link LearnerMessage.Chosen} and
   * gets the value from its acceptor ({@link LearnerMessage.AcceptedHere}); this pairs them into
   * the {@link Decision} they make, so that the bug sees every decided value, as it would see the
   * leader's own decisions. A Chosen without its value yet goes on as it is (a gap to the learner).
   */
  private static final class DecidedValues {
    private final Map<Long, PValue> accepted = new HashMap<>();
    private final Map<Long, Ballot> chosen = new HashMap<>();

    /** What the wrapped learner gets instead of {@code message}; null: nothing yet. */
    Message translate(Message message) {
      if (message instanceof LearnerMessage.AcceptedHere here) {
        PValue value = here.value();
        if (value.ballot().equals(chosen.get(value.slot()))) {
          return new Decision(value.slot(), value.command());
        }
        accepted.merge(value.slot(), value, (old, now) -> now.ballot().isAbove(old.ballot()) ? now : old);
        return null;
      }
      if (message instanceof LearnerMessage.Chosen chosenHere) {
        PValue value = accepted.get(chosenHere.slot());
        if (value != null && value.ballot().equals(chosenHere.ballot())) {
          return new Decision(chosenHere.slot(), value.command());
        }
        chosen.put(chosenHere.slot(), chosenHere.ballot());
      }
      return message;
    }
  }
}
