package io.paxoschat.events;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.ClientMessage.ChatEntries;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.LearnerMessage.AcceptedHere;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.CatchUpRequest;
import io.paxoschat.paxos.LearnerMessage.Chosen;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.ReadChat;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.FollowerProgress;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.LeaderAlive;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Propose;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import java.util.List;

/**
 * What the recorder reads off a protocol message: its type, slot, ballot, and a key that a
 * send and its receipt share (so the report can draw the arrow between them). Read only from
 * message fields, never from the roles, so it works the same in every mode.
 */
public final class MessageInfo {

  private MessageInfo() {}

  public static String type(Object message) {
    return message.getClass().getSimpleName();
  }

  /** The slot the message is about, or -1. */
  public static long slot(Object message) {
    if (message instanceof Accept m) {
      return m.slot();
    } else if (message instanceof Accepted m) {
      return m.slot();
    } else if (message instanceof Decision m) {
      return m.slot();
    } else if (message instanceof Chosen m) {
      return m.slot();
    } else if (message instanceof AcceptedHere m) {
      return m.value().slot();
    }
    return -1;
  }

  /** The ballot the message carries (for Rejected: the higher one promised), or null. */
  public static Ballot ballot(Object message) {
    if (message instanceof Accept m) {
      return m.ballot();
    } else if (message instanceof Accepted m) {
      return m.ballot();
    } else if (message instanceof Chosen m) {
      return m.ballot();
    } else if (message instanceof AcceptedHere m) {
      return m.value().ballot();
    } else if (message instanceof Heartbeat m) {
      return m.ballot();
    } else if (message instanceof Prepare m) {
      return m.ballot();
    } else if (message instanceof Promise m) {
      return m.ballot();
    } else if (message instanceof Rejected m) {
      return m.promised();
    }
    return null;
  }

  /**
   * Whether {@code sampling} keeps this message: frequent ones are sampled by their slot or by
   * their client's seq, the rest always kept. A send and its receipt carry the same numbers, in
   * any process, so sampling keeps or skips both.
   */
  public static boolean sampledIn(Object message, Sampling sampling) {
    long slot = slot(message);
    if (slot >= 0) {
      return sampling.keeps(slot);
    } else if (message instanceof ClientRequest m) {
      return sampling.keepsSeq(firstSeq(m.lines()));
    } else if (message instanceof Propose m) {
      return sampling.keepsSeq(firstSeq(m.lines()));
    } else if (message instanceof ClientReply m) {
      return sampling.keepsSeq(m.executedUpToSeq());
    }
    return true;
  }

  /**
   * Appends what a send and its receipt have in common, beyond the receiver, to {@code key}: the
   * event writer reuses one builder, not a few strings per event.
   */
  public static void key(Object message, StringBuilder key) {
    if (message instanceof Accept m) {
      ballot(key.append('A'), m.ballot()).append(':').append(m.slot());
    } else if (message instanceof Accepted m) {
      ballot(key.append('a'), m.ballot()).append(':').append(m.slot()).append(':').append(m.acceptorId());
    } else if (message instanceof Decision m) {
      key.append('D').append(m.slot());
    } else if (message instanceof Chosen m) {
      ballot(key.append('K'), m.ballot()).append(':').append(m.slot());
    } else if (message instanceof AcceptedHere m) {
      ballot(key.append('h'), m.value().ballot()).append(':').append(m.value().slot());
    } else if (message instanceof Heartbeat m) {
      ballot(key.append('H'), m.ballot()).append(':').append(m.commitIndex());
    } else if (message instanceof FollowerProgress m) {
      key.append('F').append(m.replicaId()).append(':').append(m.durableUpTo());
    } else if (message instanceof Prepare m) {
      ballot(key.append('P'), m.ballot()).append(':').append(m.fromSlot());
    } else if (message instanceof Promise m) {
      ballot(key.append('p'), m.ballot()).append(':').append(m.acceptorId());
    } else if (message instanceof Rejected m) {
      ballot(key.append('R'), m.promised()).append(':').append(m.acceptorId());
    } else if (message instanceof ViewChangeVote m) {
      key.append('V').append(m.view()).append(':').append(m.voterId());
    } else if (message instanceof LeaderAlive m) {
      ballot(key.append('L'), m.ballot()).append(':').append(m.commitIndex()).append(':').append(m.witnessId());
    } else if (message instanceof ClientRequest m) {
      key.append('Q').append(m.clientId()).append(':').append(firstSeq(m.lines())).append('+').append(m.lines().size());
    } else if (message instanceof Propose m) {
      key.append('O').append(m.clientId()).append(':').append(firstSeq(m.lines())).append('+').append(m.lines().size());
    } else if (message instanceof ClientReply m) {
      key.append('Y').append(m.clientId()).append(':').append(m.executedUpToSeq()).append(':').append(m.view());
    } else if (message instanceof CatchUpRequest m) {
      key.append('C').append(m.requesterId()).append(':').append(m.fromSlot());
    } else if (message instanceof CatchUpReply m) {
      key.append('c').append(m.decisions().isEmpty() ? -1 : m.decisions().get(0).slot()).append(':')
          .append(m.decisions().size());
    } else if (message instanceof ReadChat m) {
      key.append('r').append(m.clientId()).append(':').append(m.fromSlot());
    } else if (message instanceof ChatEntries m) {
      key.append('e').append(m.replicaId()).append(':').append(m.fromSlot()).append(':').append(m.nextSlot());
    } else {
      key.append(type(message));
    }
  }

  /** Appends a ballot as {@link Ballot#toString()} writes it. */
  private static StringBuilder ballot(StringBuilder text, Ballot ballot) {
    return text.append('b').append(ballot.round()).append('.').append(ballot.leaderId());
  }

  /**
   * The sender a message names (a ballot's leader, an acceptor's or a voter's id), or null when
   * the message does not tell: a role receiving it behind an interceptor sees no sender.
   */
  public static io.paxoschat.paxos.Address sender(Object message) {
    if (message instanceof Accept m) {
      return io.paxoschat.paxos.Address.proposer(m.ballot().leaderId());
    } else if (message instanceof Prepare m) {
      return io.paxoschat.paxos.Address.proposer(m.ballot().leaderId());
    } else if (message instanceof Heartbeat m) {
      return io.paxoschat.paxos.Address.proposer(m.ballot().leaderId());
    } else if (message instanceof Accepted m) {
      return io.paxoschat.paxos.Address.acceptor(m.acceptorId());
    } else if (message instanceof Promise m) {
      return io.paxoschat.paxos.Address.acceptor(m.acceptorId());
    } else if (message instanceof ViewChangeVote m) {
      return io.paxoschat.paxos.Address.proposer(m.voterId());
    } else if (message instanceof FollowerProgress m) {
      return io.paxoschat.paxos.Address.proposer(m.replicaId());
    } else if (message instanceof LeaderAlive m) {
      return io.paxoschat.paxos.Address.proposer(m.witnessId());
    } else if (message instanceof ClientRequest m) {
      return io.paxoschat.paxos.Address.client(m.clientId());
    } else if (message instanceof CatchUpRequest m) {
      return io.paxoschat.paxos.Address.learner(m.requesterId());
    } else if (message instanceof ReadChat m) {
      return io.paxoschat.paxos.Address.client(m.clientId());
    } else if (message instanceof ChatEntries m) {
      return io.paxoschat.paxos.Address.learner(m.replicaId());
    }
    return null;
  }

  /**
   * A short text for a command: its lines as {@code c<client>:<seq>} (a long batch by its first
   * lines and its size), {@code NOOP}, or its type.
   */
  public static String describe(Command command) {
    StringBuilder text = new StringBuilder();
    describe(command, text);
    return text.toString();
  }

  /** Appends {@link #describe(Command)} to {@code text}. */
  public static void describe(Command command, StringBuilder text) {
    if (command instanceof Command.Noop) {
      text.append("NOOP");
      return;
    }
    List<Command.ChatLine> lines = Command.linesOf(command);
    if (lines.isEmpty()) {
      text.append(command.getClass().getSimpleName());
      return;
    }
    for (int i = 0; i < Math.min(3, lines.size()); i++) {
      text.append(i == 0 ? "" : " ").append('c').append(lines.get(i).clientId()).append(':').append(lines.get(i).seq());
    }
    if (lines.size() > 3) {
      text.append(" \u2026 (").append(lines.size()).append(" lines)");
    }
  }

  /** The seq of a request's first line (requests carry consecutive seqs), or -1 for none. */
  private static long firstSeq(List<Command.ChatLine> lines) {
    return lines.isEmpty() ? -1 : lines.get(0).seq();
  }

  public static boolean isNoop(Command command) {
    return command instanceof Command.Noop;
  }

  /** The command a message carries, or null. */
  public static Command command(Object message) {
    if (message instanceof Accept m) {
      return m.command();
    } else if (message instanceof Decision m) {
      return m.command();
    } else if (message instanceof AcceptedHere m) {
      return m.value().command();
    }
    return null;
  }
}
