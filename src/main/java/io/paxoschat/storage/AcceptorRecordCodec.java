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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (record instanceof Promised promised) {
        out.writeByte(PROMISED);
        writeBallot(out, promised.ballot());
      } else if (record instanceof AcceptedValue accepted) {
        PValue value = accepted.value();
        out.writeByte(ACCEPTED);
        out.writeLong(value.slot());
        writeBallot(out, value.ballot());
        writeCommand(out, value.command());
      } else if (record instanceof PrunedBelow pruned) {
        out.writeByte(PRUNED);
        out.writeLong(pruned.slot());
      } else if (record instanceof Rejoining rejoining) {
        out.writeByte(REJOINING);
        out.writeInt(rejoining.pipelineWindow());
      } else if (record instanceof RejoinWaitsFor waits) {
        out.writeByte(REJOIN_WAITS_FOR);
        out.writeLong(waits.slot());
        writeBallot(out, waits.ballot());
      } else if (record instanceof Rejoined) {
        out.writeByte(REJOINED);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
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

  private static void writeBallot(DataOutputStream out, Ballot ballot) throws IOException {
    out.writeLong(ballot.round());
    out.writeInt(ballot.leaderId());
  }

  private static Ballot readBallot(DataInputStream in) throws IOException {
    return new Ballot(in.readLong(), in.readInt());
  }

  private static void writeCommand(DataOutputStream out, Command command) throws IOException {
    if (command instanceof Command.Batch batch) {
      out.writeByte(SESSION_BATCH);
      out.writeInt(batch.lines().size());
      for (ChatLine line : batch.lines()) {
        byte[] text = line.text().getBytes(StandardCharsets.UTF_8);
        out.writeLong(line.session());
        out.writeInt(line.clientId());
        out.writeLong(line.seq());
        out.writeInt(text.length);
        out.write(text);
      }
    } else if (command instanceof Command.OpenSession open) {
      out.writeByte(OPEN_SESSION);
      out.writeInt(open.clientId());
      out.writeLong(open.nonce());
    } else if (command instanceof Command.CloseSession close) {
      out.writeByte(CLOSE_SESSION);
      out.writeInt(close.clientId());
      out.writeLong(close.session());
    } else {
      out.writeByte(NOOP);
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
      lines.add(new ChatLine(line.clientId(), session, line.seq(), line.text()));
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
    try {
      String decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(text)).toString();
      return new ChatLine(client, seq, decoded);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("text is not UTF-8", e);
    }
  }
}
