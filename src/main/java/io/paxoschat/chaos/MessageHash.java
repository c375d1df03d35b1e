package io.paxoschat.chaos;

import java.util.List;
import io.paxoschat.paxos.AcceptorMessage;
import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.Address;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.CatchUpRequest;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.LeaderInfo;
import io.paxoschat.paxos.Message;
import io.paxoschat.paxos.PValue;
import io.paxoschat.paxos.ProposerMessage;
import io.paxoschat.paxos.AcceptorMessage.LeaderProgress;
import io.paxoschat.paxos.AcceptorMessage.Prune;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.FollowerProgress;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.LeaderAlive;
import io.paxoschat.paxos.ProposerMessage.LearnerProgress;
import io.paxoschat.paxos.ProposerMessage.LinesOutOfOrder;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Propose;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProposerMessage.SuspectLeader;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;

/**
 * A 64-bit hash of messages built only from their contents. {@code Object.hashCode} will not
 * do: enum constants (address roles, ticks) hash by identity, which changes from one JVM to the
 * next, and the trace hash must be equal across runs and machines.
 */
final class MessageHash {

  private MessageHash() {}

  static long mix(long hash, long value) {
    long h = (hash ^ value) * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  static long of(Address address) {
    return address.role().ordinal() * 1_000_003L + address.id();
  }

  static long of(Message message) {
    // Java 17: no pattern switch; the sealed interfaces keep this chain complete.
    if (message instanceof Prepare m) {
      return mix(mix(1, of(m.ballot())), m.fromSlot());
    } else if (message instanceof Accept m) {
      return mix(mix(mix(2, of(m.ballot())), m.slot()), of(m.command()));
    } else if (message instanceof Promise m) {
      long h = mix(mix(mix(mix(mix(3, of(m.ballot())), m.acceptorId()), m.prunedBelow()), m.fromSlot()), m.nextFrom());
      for (PValue value : m.accepted()) {
        h = mix(mix(mix(h, value.slot()), of(value.ballot())), of(value.command()));
      }
      return h;
    } else if (message instanceof Accepted m) {
      return mix(mix(mix(4, of(m.ballot())), m.acceptorId()), m.slot());
    } else if (message instanceof Rejected m) {
      return mix(mix(5, of(m.promised())), m.acceptorId());
    } else if (message instanceof Heartbeat m) {
      return mix(mix(mix(mix(6, of(m.ballot())), m.commitIndex()), m.compactBelow()), m.nextSlot());
    } else if (message instanceof ViewChangeVote m) {
      return mix(mix(7, m.view()), m.voterId());
    } else if (message instanceof LeaderAlive m) {
      return mix(mix(mix(mix(40, of(m.ballot())), m.commitIndex()), m.compactBelow()), m.witnessId());
    } else if (message instanceof Propose m) {
      return mix(mix(mix(8, m.clientId()), of(m.lines())), m.executedSeq());
    } else if (message instanceof LinesOutOfOrder m) {
      return mix(mix(mix(24, m.clientId()), m.executedSeq()), m.slot());
    } else if (message instanceof LearnerProgress m) {
      return mix(mix(9, m.executedUpTo()), m.durableUpTo());
    } else if (message instanceof SuspectLeader m) {
      return mix(10, m.view());
    } else if (message instanceof ProposerMessage.Tick) {
      return 11;
    } else if (message instanceof Decision m) {
      return mix(mix(12, m.slot()), of(m.command()));
    } else if (message instanceof AcceptorMessage.FloorQuery m) {
      return mix(mix(43, m.requesterId()), m.nonce());
    } else if (message instanceof AcceptorMessage.RejoinFloor m) {
      return mix(44, m.slot());
    } else if (message instanceof ProposerMessage.FloorNeeded) {
      return 45;
    } else if (message instanceof ProposerMessage.FloorAnswer m) {
      return mix(mix(mix(46, m.acceptorId()), m.highestSlot()), m.nonce());
    } else if (message instanceof LearnerMessage.Chosen m) {
      return mix(mix(41, of(m.ballot())), m.slot());
    } else if (message instanceof LearnerMessage.AcceptedHere m) {
      return mix(mix(mix(42, m.value().slot()), of(m.value().ballot())), of(m.value().command()));
    } else if (message instanceof ClientRequest m) {
      return mix(mix(13, m.clientId()), of(m.lines()));
    } else if (message instanceof CatchUpRequest m) {
      return mix(mix(14, m.requesterId()), m.fromSlot());
    } else if (message instanceof CatchUpReply m) {
      long h = 15;
      for (Decision decision : m.decisions()) {
        h = mix(h, of(decision));
      }
      return h;
    } else if (message instanceof LeaderInfo m) {
      return mix(mix(mix(16, m.view()), m.commitIndex()), m.compactBelow());
    } else if (message instanceof LearnerMessage.ChatLogDurable m) {
      return mix(47, m.slots());
    } else if (message instanceof LearnerMessage.Tick) {
      return 17;
    } else if (message instanceof ClientReply m) {
      return mix(mix(mix(mix(mix(mix(18, m.clientId()), m.session()), m.executedUpToSeq()), m.slot()),
          m.slotFirstSeq()), m.view());
    } else if (message instanceof ClientMessage.SessionOpened m) {
      return mix(mix(mix(mix(mix(27, m.clientId()), m.nonce()), m.session()), m.lastSeq()), m.view());
    } else if (message instanceof ClientMessage.SessionClosed m) {
      return mix(mix(mix(31, m.clientId()), m.session()), m.lastSeq());
    } else if (message instanceof LearnerMessage.SessionRequest m) {
      return mix(mix(28, of(m.change())), m.handedOn() ? 1 : 0);
    } else if (message instanceof ProposerMessage.ProposeSessionChange m) {
      return mix(mix(29, of(m.change())), m.handedOn() ? 1 : 0);
    } else if (message instanceof ClientMessage.Tick) {
      return 19;
    } else if (message instanceof FollowerProgress m) {
      return mix(mix(22, m.replicaId()), m.durableUpTo());
    } else if (message instanceof Prune m) {
      return mix(23, m.belowSlot());
    } else if (message instanceof LeaderProgress m) {
      return mix(mix(mix(26, of(m.ballot())), m.nextSlot()), m.commitIndex());
    }
    throw new IllegalArgumentException("no hash for " + message.getClass().getName());
  }

  static long of(Ballot ballot) {
    return mix(ballot.round(), ballot.leaderId());
  }

  static long of(Command command) {
    if (command instanceof Command.Batch batch) {
      return mix(25, of(batch.lines()));
    }
    if (command instanceof Command.OpenSession open) {
      return mix(mix(30, open.clientId()), open.nonce());
    }
    if (command instanceof Command.CloseSession close) {
      return mix(mix(32, close.clientId()), close.session());
    }
    return 21;
  }

  static long of(List<ChatLine> lines) {
    long h = 26;
    for (ChatLine line : lines) {
      h = mix(h, mix(mix(mix(mix(20, line.clientId()), line.session()), line.seq()), line.text().hashCode()));
    }
    return h;
  }
}
