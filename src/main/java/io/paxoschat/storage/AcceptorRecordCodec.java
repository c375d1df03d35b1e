package io.paxoschat.storage;

import io.paxoschat.paxos.AcceptorRecord;
import io.paxoschat.paxos.AcceptorRecord.AcceptedValue;
import io.paxoschat.paxos.AcceptorRecord.PrunedBelow;
import io.paxoschat.paxos.AcceptorRecord.Promised;
import io.paxoschat.paxos.AcceptorRecord.RejoinWaitsFor;
import io.paxoschat.paxos.AcceptorRecord.Rejoined;
import io.paxoschat.paxos.AcceptorRecord.Rejoining;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.PValue;
import io.paxoschat.paxos.Utf8Text;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of one acceptor record, in plain big-endian binary (no Java serialization):
 *
 * <pre>
 * PROMISED (1):  round:int64 leader:int32
 * ACCEPTED (2):  slot:int64 round:int64 leader:int32 command
 * PRUNED   (3):  slot:int64
 * REJOINING (4): window:int32
 * REJOIN_WAITS_FOR (5): slot:int64 round:int64 leader:int32
 * REJOINED (6)
 * command:       NOOP (0) | LINE (1) line (a record from before batches)
 *                | BATCH (2) count:int32 line... (lines from before sessions)
 *                | SESSION_BATCH (3) count:int32 (session:int64 line)...
 *                | OPEN_SESSION (4) client:int32 nonce:int64
 * line:          client:int32 seq:int64 length:int32 utf8-bytes
 * </pre>
 */
public final class AcceptorRecordCodec {

  private static final byte PROMISED = 1;
  private static final byte ACCEPTED = 2;
  private static final byte PRUNED = 3;
  private static final byte REJOINING = 4;
  private static final byte REJOIN_WAITS_FOR = 5;
  private static final byte REJOINED = 6;
  private static final byte NOOP = 0;
  private static final byte LINE = 1;
  private static final byte BATCH = 2;
  private static final byte SESSION_BATCH = 3;
  private static final byte OPEN_SESSION = 4;
  private static final byte CLOSE_SESSION = 5;

  private AcceptorRecordCodec() {}

  public static byte[] encode(AcceptorRecord record) {
    RecordBuffer out = new RecordBuffer(64);
    write(record, out);
    return out.toByteArray();
  }

  /** Puts the payload of {@code record} into {@code out}. */
  static void write(AcceptorRecord record, RecordBuffer out) {
    if (record instanceof Promised promised) {
      out.putByte(PROMISED);
      writeBallot(out, promised.ballot());
    } else if (record instanceof AcceptedValue accepted) {
      PValue value = accepted.value();
      out.putByte(ACCEPTED);
      out.putLong(value.slot());
      writeBallot(out, value.ballot());
      writeCommand(out, value.command());
    } else if (record instanceof PrunedBelow pruned) {
      out.putByte(PRUNED);
      out.putLong(pruned.slot());
    } else if (record instanceof Rejoining rejoining) {
      out.putByte(REJOINING);
      out.putInt(rejoining.pipelineWindow());
    } else if (record instanceof RejoinWaitsFor waits) {
      out.putByte(REJOIN_WAITS_FOR);
      out.putLong(waits.slot());
      writeBallot(out, waits.ballot());
    } else if (record instanceof Rejoined) {
      out.putByte(REJOINED);
    }
  }

  /** @throws IllegalArgumentException if {@code payload} is not exactly one record */
  public static AcceptorRecord decode(byte[] payload) {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    try {
      byte type = in.readByte();
      AcceptorRecord record;
      switch (type) {
        case PROMISED -> record = new Promised(readBallot(in));
        case ACCEPTED -> {
          long slot = in.readLong();
          Ballot ballot = readBallot(in);
          record = new AcceptedValue(new PValue(slot, ballot, readCommand(in)));
        }
        case PRUNED -> record = new PrunedBelow(in.readLong());
        case REJOINING -> {
          int window = in.readInt();
          if (window < 1) {
            throw new IllegalArgumentException("rejoin window " + window);
          }
          record = new Rejoining(window);
        }
        case REJOIN_WAITS_FOR -> record = new RejoinWaitsFor(in.readLong(), readBallot(in));
        case REJOINED -> record = new Rejoined();
        default -> throw new IllegalArgumentException("unknown record type " + type);
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException(in.available() + " stray bytes after the record");
      }
      return record;
    } catch (IOException e) {
      throw new IllegalArgumentException("record ends early", e);
    }
  }

  private static void writeBallot(RecordBuffer out, Ballot ballot) {
    out.putLong(ballot.round());
    out.putInt(ballot.leaderId());
  }

  private static Ballot readBallot(DataInputStream in) throws IOException {
    return new Ballot(in.readLong(), in.readInt());
  }

  private static void writeCommand(RecordBuffer out, Command command) {
    if (command instanceof Command.Batch batch) {
      out.putByte(SESSION_BATCH);
      out.putInt(batch.lines().size());
      for (ChatLine line : batch.lines()) {
        out.putLong(line.session());
        out.putInt(line.clientId());
        out.putLong(line.seq());
        out.putSized(line.utf8());
      }
    } else if (command instanceof Command.OpenSession open) {
      out.putByte(OPEN_SESSION);
      out.putInt(open.clientId());
      out.putLong(open.nonce());
    } else if (command instanceof Command.CloseSession close) {
      out.putByte(CLOSE_SESSION);
      out.putInt(close.clientId());
      out.putLong(close.session());
    } else {
      out.putByte(NOOP);
    }
  }

  private static Command readCommand(DataInputStream in) throws IOException {
    byte type = in.readByte();
    if (type == NOOP) {
      return Command.Noop.INSTANCE;
    }
    if (type == LINE) {
      return Command.Batch.of(readLine(in)); // a record from before slots held batches
    }
    if (type == OPEN_SESSION) {
      return new Command.OpenSession(in.readInt(), in.readLong());
    }
    if (type == CLOSE_SESSION) {
      return new Command.CloseSession(in.readInt(), in.readLong());
    }
    if (type != BATCH && type != SESSION_BATCH) {
      throw new IllegalArgumentException("unknown command type " + type);
    }
    int count = in.readInt();
    if (count < 1 || count > in.available()) {
      throw new IllegalArgumentException("batch of " + count + " lines does not fit the record");
    }
    List<ChatLine> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long session = type == SESSION_BATCH ? in.readLong() : ChatLine.FROM_LOG;
      ChatLine line = readLine(in);
      lines.add(new ChatLine(line.clientId(), session, line.seq(), line.utf8()));
    }
    return new Command.Batch(lines);
  }

  private static ChatLine readLine(DataInputStream in) throws IOException {
    int client = in.readInt();
    long seq = in.readLong();
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IllegalArgumentException("text length " + length + " does not fit the record");
    }
    byte[] text = in.readNBytes(length);
    return new ChatLine(client, ChatLine.FROM_LOG, seq, Utf8Text.decode(text));
  }
}
