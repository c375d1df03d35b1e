package io.paxoschat.remote;

import io.paxoschat.paxos.AcceptorMessage.Accept;
import io.paxoschat.paxos.AcceptorMessage.FloorQuery;
import io.paxoschat.paxos.AcceptorMessage.Prepare;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.ChatEntry;
import io.paxoschat.paxos.ClientMessage;
import io.paxoschat.paxos.ClientMessage.ChatEntries;
import io.paxoschat.paxos.ClientMessage.ClientReply;
import io.paxoschat.paxos.ClientMessage.SessionClosed;
import io.paxoschat.paxos.ClientMessage.SessionOpened;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.LearnerMessage.CatchUpReply;
import io.paxoschat.paxos.LearnerMessage.CatchUpRequest;
import io.paxoschat.paxos.LearnerMessage.Chosen;
import io.paxoschat.paxos.LearnerMessage.ClientRequest;
import io.paxoschat.paxos.LearnerMessage.Decision;
import io.paxoschat.paxos.LearnerMessage.SessionRequest;
import io.paxoschat.paxos.LearnerMessage.ReadChat;
import io.paxoschat.paxos.PValue;
import io.paxoschat.paxos.ProposerMessage.Accepted;
import io.paxoschat.paxos.ProposerMessage.FloorAnswer;
import io.paxoschat.paxos.ProposerMessage.FollowerProgress;
import io.paxoschat.paxos.ProposerMessage.Heartbeat;
import io.paxoschat.paxos.ProposerMessage.LeaderAlive;
import io.paxoschat.paxos.ProposerMessage.Promise;
import io.paxoschat.paxos.ProposerMessage.Rejected;
import io.paxoschat.paxos.ProposerMessage.ViewChangeVote;
import io.paxoschat.paxos.WireMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The wire format of every {@link WireMessage}: one codec per record, named by a short
 * manifest, writing the record's fields in declaration order. Numbers are variable-length
 * (see {@link WireWriter}), so a chat line costs its text plus a few bytes, well inside the
 * allowance {@link io.paxoschat.paxos.WireSize} reserves for it.
 *
 * <pre>
 * ballot:  round:long leader:int
 * line:    client:int session:long seq:long text
 * command: 0 (no-op) | 1 count line... | 2 client:int nonce:long (a session opening)
 * pvalue:  slot:long ballot command
 * </pre>
 */
final class WireCodecs {

  /** How one message type is written and read. */
  record Codec<T extends WireMessage>(Class<T> type, String manifest, BiConsumer<T, WireWriter> writer,
      Function<WireReader, T> reader) {

    void write(WireMessage message, WireWriter out) {
      writer.accept(type.cast(message), out);
    }
  }

  private static final byte NOOP = 0;
  private static final byte BATCH = 1;
  private static final byte OPEN_SESSION = 2;
  private static final byte CLOSE_SESSION = 3;
  // The fewest bytes one item of a list can take: bounds a count read from a frame.
  private static final int MIN_LINE = 4;
  private static final int MIN_COMMAND = 1;
  private static final int MIN_PVALUE = 3 + MIN_COMMAND;
  private static final int MIN_DECISION = 1 + MIN_COMMAND;
  private static final int MIN_ENTRY = 1 + MIN_LINE;

  private static final List<Codec<?>> ALL = List.of(
      new Codec<>(Prepare.class, "P",
          (m, out) -> {
            writeBallot(out, m.ballot());
            out.writeLong(m.fromSlot());
          },
          in -> new Prepare(readBallot(in), in.readLong())),
      new Codec<>(Accept.class, "A",
          (m, out) -> {
            writeBallot(out, m.ballot());
            out.writeLong(m.slot());
            writeCommand(out, m.command());
          },
          in -> new Accept(readBallot(in), in.readLong(), readCommand(in))),
      new Codec<>(Promise.class, "PR",
          (m, out) -> {
            writeBallot(out, m.ballot());
            out.writeInt(m.acceptorId());
            out.writeLong(m.fromSlot());
            writeList(out, m.accepted(), WireCodecs::writePValue);
            out.writeLong(m.nextFrom());
            out.writeLong(m.prunedBelow());
          },
          in -> new Promise(readBallot(in), in.readInt(), in.readLong(),
              readList(in, MIN_PVALUE, WireCodecs::readPValue), in.readLong(), in.readLong())),
      new Codec<>(FloorQuery.class, "FQ",
          (m, out) -> {
            out.writeInt(m.requesterId());
            out.writeLong(m.nonce());
          },
          in -> new FloorQuery(in.readInt(), in.readLong())),
      new Codec<>(FloorAnswer.class, "FA",
          (m, out) -> {
            out.writeInt(m.acceptorId());
            out.writeLong(m.highestSlot());
            out.writeLong(m.nonce());
          },
          in -> new FloorAnswer(in.readInt(), in.readLong(), in.readLong())),
      new Codec<>(Accepted.class, "AD",
          (m, out) -> {
            writeBallot(out, m.ballot());
            out.writeInt(m.acceptorId());
            out.writeLong(m.slot());
          },
          in -> new Accepted(readBallot(in), in.readInt(), in.readLong())),
      new Codec<>(Rejected.class, "R",
          (m, out) -> {
            writeBallot(out, m.promised());
            out.writeInt(m.acceptorId());
          },
          in -> new Rejected(readBallot(in), in.readInt())),
      new Codec<>(Heartbeat.class, "H",
          (m, out) -> {
            writeBallot(out, m.ballot());
            out.writeLong(m.commitIndex());
            out.writeLong(m.compactBelow());
            out.writeLong(m.nextSlot());
          },
          in -> new Heartbeat(readBallot(in), in.readLong(), in.readLong(), in.readLong())),
      new Codec<>(FollowerProgress.class, "FP",
          (m, out) -> {
            out.writeInt(m.replicaId());
            out.writeLong(m.durableUpTo());
          },
          in -> new FollowerProgress(in.readInt(), in.readLong())),
      new Codec<>(ViewChangeVote.class, "V",
          (m, out) -> {
            out.writeLong(m.view());
            out.writeInt(m.voterId());
          },
          in -> new ViewChangeVote(in.readLong(), in.readInt())),
      new Codec<>(LeaderAlive.class, "LA",
          (m, out) -> {
            writeBallot(out, m.ballot());
            out.writeLong(m.commitIndex());
            out.writeLong(m.compactBelow());
            out.writeInt(m.witnessId());
          },
          in -> new LeaderAlive(readBallot(in), in.readLong(), in.readLong(), in.readInt())),
      new Codec<>(Decision.class, "D", (m, out) -> writeDecision(out, m), WireCodecs::readDecision),
      new Codec<>(Chosen.class, "DC",
          (m, out) -> {
            writeBallot(out, m.ballot());
            out.writeLong(m.slot());
          },
          in -> new Chosen(readBallot(in), in.readLong())),
      new Codec<>(ClientRequest.class, "CR",
          (m, out) -> {
            out.writeInt(m.clientId());
            writeList(out, m.lines(), WireCodecs::writeLine);
          },
          in -> new ClientRequest(in.readInt(), readList(in, MIN_LINE, WireCodecs::readLine))),
      new Codec<>(SessionRequest.class, "OS",
          (m, out) -> {
            writeCommand(out, m.change());
            out.writeBoolean(m.handedOn());
          },
          in -> new SessionRequest(readSessionChange(in), in.readBoolean())),
      new Codec<>(SessionOpened.class, "SO",
          (m, out) -> {
            out.writeInt(m.clientId());
            out.writeLong(m.nonce());
            out.writeLong(m.session());
            out.writeLong(m.lastSeq());
            out.writeLong(m.view());
          },
          in -> new SessionOpened(in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong())),
      new Codec<>(SessionClosed.class, "SC",
          (m, out) -> {
            out.writeInt(m.clientId());
            out.writeLong(m.session());
            out.writeLong(m.lastSeq());
          },
          in -> new SessionClosed(in.readInt(), in.readLong(), in.readLong())),
      new Codec<>(CatchUpRequest.class, "CQ",
          (m, out) -> {
            out.writeInt(m.requesterId());
            out.writeLong(m.fromSlot());
          },
          in -> new CatchUpRequest(in.readInt(), in.readLong())),
      new Codec<>(CatchUpReply.class, "CY",
          (m, out) -> writeList(out, m.decisions(), WireCodecs::writeDecision),
          in -> new CatchUpReply(readList(in, MIN_DECISION, WireCodecs::readDecision))),
      new Codec<>(ReadChat.class, "RC",
          (m, out) -> {
            out.writeInt(m.clientId());
            out.writeLong(m.fromSlot());
            out.writeInt(m.maxEntries());
          },
          in -> new ReadChat(in.readInt(), in.readLong(), in.readInt())),
      new Codec<>(ClientReply.class, "CA",
          (m, out) -> {
            out.writeInt(m.clientId());
            out.writeLong(m.session());
            out.writeLong(m.executedUpToSeq());
            out.writeLong(m.slot());
            out.writeLong(m.slotFirstSeq());
            out.writeLong(m.view());
          },
          in -> new ClientReply(in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong())),
      new Codec<>(ChatEntries.class, "CE",
          (m, out) -> {
            out.writeInt(m.replicaId());
            out.writeLong(m.fromSlot());
            out.writeLong(m.nextSlot());
            out.writeLong(m.clientLastSeq());
            writeList(out, m.entries(), WireCodecs::writeEntry);
          },
          in -> new ChatEntries(in.readInt(), in.readLong(), in.readLong(), in.readLong(),
              readList(in, MIN_ENTRY, WireCodecs::readEntry))),
      new Codec<>(NodeHello.class, "NH",
          (m, out) -> {
            out.writeBoolean(m.answerWanted());
            out.writeBoolean(m.running());
          },
          in -> new NodeHello(in.readBoolean(), in.readBoolean())),
      new Codec<>(ForClient.class, "FC",
          (m, out) -> {
            out.writeInt(m.clientId());
            Codec<?> inner = forType(m.message().getClass());
            if (inner == null || !(m.message() instanceof WireMessage wire)) {
              throw new IllegalArgumentException("no wire format for " + m.message().getClass().getName());
            }
            out.writeText(inner.manifest());
            inner.write(wire, out);
          },
          in -> {
            int clientId = in.readInt();
            String manifest = in.readText();
            Codec<?> inner = forManifest(manifest);
            if (inner == null || !ClientMessage.class.isAssignableFrom(inner.type())) {
              throw in.malformed("a client's envelope holds '" + manifest + "', not a client message");
            }
            return new ForClient(clientId, (ClientMessage) inner.reader().apply(in));
          }),
      new Codec<>(StatusQuery.class, "SQ", (m, out) -> {}, in -> StatusQuery.INSTANCE),
      new Codec<>(StatusReport.class, "SR",
          (m, out) -> {
            out.writeInt(m.replicaId());
            out.writeLong(m.view());
            out.writeBoolean(m.leading());
            out.writeLong(m.executedUpTo());
            out.writeLong(m.commitIndex());
            out.writeInt(m.pendingProposals());
          },
          in -> new StatusReport(in.readInt(), in.readLong(), in.readBoolean(), in.readLong(), in.readLong(),
              in.readInt())));

  private static final Map<Class<?>, Codec<?>> BY_TYPE = new LinkedHashMap<>(); // in the order above
  private static final Map<String, Codec<?>> BY_MANIFEST = new HashMap<>();

  static {
    for (Codec<?> codec : ALL) {
      if (BY_TYPE.put(codec.type(), codec) != null || BY_MANIFEST.put(codec.manifest(), codec) != null) {
        throw new IllegalStateException("two codecs for " + codec.type().getSimpleName() + " or manifest " + codec.manifest());
      }
    }
  }

  private WireCodecs() {}

  /** The message types this format can carry. */
  static Set<Class<?>> types() {
    return BY_TYPE.keySet();
  }

  /** @return null if {@code type} has no codec */
  static Codec<?> forType(Class<?> type) {
    return BY_TYPE.get(type);
  }

  /** @return null if no message type has {@code manifest} */
  static Codec<?> forManifest(String manifest) {
    return BY_MANIFEST.get(manifest);
  }

  private static void writeBallot(WireWriter out, Ballot ballot) {
    out.writeLong(ballot.round());
    out.writeInt(ballot.leaderId());
  }

  private static Ballot readBallot(WireReader in) {
    return new Ballot(in.readLong(), in.readInt());
  }

  private static void writeLine(WireWriter out, ChatLine line) {
    out.writeInt(line.clientId());
    out.writeLong(line.session());
    out.writeLong(line.seq());
    out.writeText(line.utf8());
  }

  private static ChatLine readLine(WireReader in) {
    return new ChatLine(in.readInt(), in.readLong(), in.readLong(), in.readUtf8());
  }

  private static void writeCommand(WireWriter out, Command command) {
    if (command instanceof Command.Batch batch) {
      out.writeByte(BATCH);
      writeList(out, batch.lines(), WireCodecs::writeLine);
    } else if (command instanceof Command.Noop) {
      out.writeByte(NOOP);
    } else if (command instanceof Command.OpenSession open) {
      out.writeByte(OPEN_SESSION);
      out.writeInt(open.clientId());
      out.writeLong(open.nonce());
    } else if (command instanceof Command.CloseSession close) {
      out.writeByte(CLOSE_SESSION);
      out.writeInt(close.clientId());
      out.writeLong(close.session());
    } else {
      throw new IllegalArgumentException("no wire format for command " + command);
    }
  }

  private static Command.SessionChange readSessionChange(WireReader in) {
    if (readCommand(in) instanceof Command.SessionChange change) {
      return change;
    }
    throw in.malformed("a session request holds no opening or closing");
  }

  private static Command readCommand(WireReader in) {
    int tag = in.readByte();
    if (tag == NOOP) {
      return Command.Noop.INSTANCE;
    }
    if (tag == OPEN_SESSION) {
      return new Command.OpenSession(in.readInt(), in.readLong());
    }
    if (tag == CLOSE_SESSION) {
      return new Command.CloseSession(in.readInt(), in.readLong());
    }
    if (tag != BATCH) {
      throw in.malformed("unknown command tag " + tag);
    }
    List<ChatLine> lines = readList(in, MIN_LINE, WireCodecs::readLine);
    if (lines.isEmpty()) {
      throw in.malformed("a batch holds no line");
    }
    return new Command.Batch(lines);
  }

  private static void writePValue(WireWriter out, PValue value) {
    out.writeLong(value.slot());
    writeBallot(out, value.ballot());
    writeCommand(out, value.command());
  }

  private static PValue readPValue(WireReader in) {
    return new PValue(in.readLong(), readBallot(in), readCommand(in));
  }

  private static void writeDecision(WireWriter out, Decision decision) {
    out.writeLong(decision.slot());
    writeCommand(out, decision.command());
  }

  private static Decision readDecision(WireReader in) {
    return new Decision(in.readLong(), readCommand(in));
  }

  private static void writeEntry(WireWriter out, ChatEntry entry) {
    out.writeLong(entry.slot());
    writeLine(out, entry.line());
  }

  private static ChatEntry readEntry(WireReader in) {
    return new ChatEntry(in.readLong(), readLine(in));
  }

  private static <T> void writeList(WireWriter out, List<T> items, BiConsumer<WireWriter, T> writeItem) {
    out.writeCount(items.size());
    for (T item : items) {
      writeItem.accept(out, item);
    }
  }

  private static <T> List<T> readList(WireReader in, int minBytesEach, Function<WireReader, T> readItem) {
    int count = in.readCount(minBytesEach);
    List<T> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(readItem.apply(in));
    }
    return items;
  }
}
