package io.paxoschat.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.Acceptor;
import io.paxoschat.paxos.AcceptorRecord;
import io.paxoschat.paxos.AcceptorRecord.AcceptedValue;
import io.paxoschat.paxos.AcceptorRecord.PrunedBelow;
import io.paxoschat.paxos.AcceptorRecord.Promised;
import io.paxoschat.paxos.Ballot;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.PValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The acceptor log: group commit, replay, torn tails, corruption, and compaction by rewrite. */
class AcceptorLogTest {

  @TempDir Path dir;

  private static final Ballot B = new Ballot(3, 1);

  private static AcceptorRecord accepted(long slot) {
    return new AcceptedValue(new PValue(slot, B, Command.Batch.of(new ChatLine(2, slot + 1, "line " + slot + " — ü"))));
  }

  /** Opens the log, appends {@code records}, and closes it with everything durable. */
  private Path write(List<AcceptorRecord> records) {
    AcceptorLog.Recovered opened = AcceptorLog.open(dir, Durability.FSYNC, 4);
    LinkedBlockingQueue<Long> durable = new LinkedBlockingQueue<>();
    opened.log().start("test-writer", durable::add, e -> { });
    for (AcceptorRecord record : records) {
      opened.log().append(record);
    }
    opened.log().close();
    return dir.resolve(AcceptorLog.FILE_NAME);
  }

  private static List<AcceptorRecord> someRecords(int accepted) {
    List<AcceptorRecord> records = new ArrayList<>();
    records.add(new Promised(B));
    for (long slot = 0; slot < accepted; slot++) {
      records.add(accepted(slot));
    }
    return records;
  }

  /** Offsets of each frame in the file, from its lengths. */
  private static List<Long> frameOffsets(Path file) throws IOException {
    List<Long> offsets = new ArrayList<>();
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
    long offset = RecordFile.MAGIC.length;
    while (offset < bytes.capacity()) {
      offsets.add(offset);
      offset += RecordFile.HEADER + bytes.getInt((int) offset);
    }
    return offsets;
  }

  @Test
  void recordsComeBackInOrderAndRebuildTheAcceptor() {
    List<AcceptorRecord> records = someRecords(50);
    records.add(new PrunedBelow(20));
    write(records);

    AcceptorLog.Recovered reopened = AcceptorLog.open(dir, Durability.FSYNC, 4);
    reopened.log().close();

    assertEquals(51 + 1, reopened.replay().records());
    assertNull(reopened.replay().repair());
    Acceptor acceptor = reopened.acceptor();
    assertEquals(B, acceptor.promised());
    assertEquals(20, acceptor.prunedBelow());
    assertEquals(30, acceptor.acceptedCount());
    assertEquals(((AcceptedValue) accepted(49)).value(), acceptor.acceptedAt(49));
    assertEquals(Acceptor.recover(4, records).snapshot(), acceptor.snapshot());
  }

  @Test
  void oneFsyncServesEveryRecordQueuedWhileTheWriterWasBusy() {
    AcceptorLog.Recovered opened = AcceptorLog.open(dir, Durability.FSYNC, 0);
    List<Long> durable = new CopyOnWriteArrayList<>();
    // Queued before the writer starts: they all wait for one batch.
    for (AcceptorRecord record : someRecords(999)) {
      opened.log().append(record);
    }
    opened.log().start("test-writer", durable::add, e -> { });
    opened.log().close();

    assertEquals(List.of(1000L), durable, "one batch, one durability report for all 1000 records");
  }

  @Test
  void aDurabilityReportComesOnlyAfterTheRecordIsInTheFile() throws Exception {
    AcceptorLog.Recovered opened = AcceptorLog.open(dir, Durability.FSYNC, 0);
    LinkedBlockingQueue<Long> durable = new LinkedBlockingQueue<>();
    opened.log().start("test-writer", durable::add, e -> { });
    long seq = opened.log().append(new Promised(B));
    Long reported = durable.poll(10, TimeUnit.SECONDS);
    assertEquals(seq, reported);

    // Read it back while the writer still runs: the report means it is on disk.
    List<AcceptorRecord> onDisk = new ArrayList<>();
    RecordFile.replay(dir.resolve(AcceptorLog.FILE_NAME), false, p -> onDisk.add(AcceptorRecordCodec.decode(p)));
    opened.log().close();
    assertEquals(List.of(new Promised(B)), onDisk);
  }

  // ---- torn tails -------------------------------------------------------------------------

  enum Tear { HALF_A_HEADER, LENGTH_PAST_THE_END, LAST_CHECKSUM_FAILS, ZEROS_APPENDED }

  @ParameterizedTest
  @EnumSource(Tear.class)
  void aTornLastRecordIsCutOffAndTheLogGoesOn(Tear tear) throws IOException {
    Path file = write(someRecords(10));
    long intact = Files.size(file);
    List<Long> offsets = frameOffsets(file);
    long last = offsets.get(offsets.size() - 1);
    long expectedValid = intact;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      switch (tear) {
        case HALF_A_HEADER -> channel.write(ByteBuffer.wrap(new byte[] {0, 0, 1}), intact);
        case LENGTH_PAST_THE_END -> {
          channel.truncate(intact - 5); // the last record lost its last 5 bytes
          expectedValid = last;
        }
        case LAST_CHECKSUM_FAILS -> {
          channel.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), intact - 1);
          expectedValid = last;
        }
        case ZEROS_APPENDED -> channel.write(ByteBuffer.wrap(new byte[4096]), intact);
      }
    }

    AcceptorLog.Recovered reopened = AcceptorLog.open(dir, Durability.FSYNC, 4);
    assertNotNull(reopened.replay().repair(), "the repair is reported");
    assertTrue(reopened.replay().repair().contains(file.toString()), reopened.replay().repair());
    assertEquals(expectedValid, Files.size(file), "cut back to the last whole record");
    long survivors = expectedValid == intact ? 10 : 9;
    assertEquals(survivors, reopened.acceptor().acceptedCount());

    // The log continues after the cut, and the next start finds it whole.
    reopened.log().start("test-writer", seq -> { }, e -> { });
    reopened.log().append(accepted(77));
    reopened.log().close();
    AcceptorLog.Recovered again = AcceptorLog.open(dir, Durability.FSYNC, 4);
    again.log().close();
    assertNull(again.replay().repair());
    assertEquals(survivors + 1, again.acceptor().acceptedCount());
  }

  @Test
  void aCorruptRecordWithMoreAfterItRefusesToStartNamingFileAndOffset() throws IOException {
    Path file = write(someRecords(10));
    long third = frameOffsets(file).get(3);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {'#'}), third + RecordFile.HEADER + 5);
    }
    long size = Files.size(file);

    StorageException e = assertThrows(StorageException.class, () -> AcceptorLog.open(dir, Durability.FSYNC, 4));

    String message = e.getMessage();
    assertTrue(message.startsWith(file + ": corrupt record at offset " + third), message);
    assertTrue(message.contains("checksum"), message);
    assertFalse(message.contains("\n"), "one line: " + message);
    assertEquals(size, Files.size(file), "a refused file is left as it was");
  }

  @Test
  void aFileThatIsNotAnAcceptorLogIsRefused() throws IOException {
    Files.writeString(dir.resolve(AcceptorLog.FILE_NAME), "hello, this is a text file\n");

    StorageException e = assertThrows(StorageException.class, () -> AcceptorLog.open(dir, Durability.OS, 0));

    assertTrue(e.getMessage().contains("bad header"), e.getMessage());
  }

  // ---- compaction -------------------------------------------------------------------------

  @Test
  void aRewriteReplacesTheFileWithTheLiveStateAndLaterRecordsFollowIt() throws IOException {
    List<AcceptorRecord> records = someRecords(1000);
    records.add(new PrunedBelow(990));
    Path file = write(records);
    long before = Files.size(file);
    Acceptor acceptor = Acceptor.recover(4, records);

    AcceptorLog.Recovered opened = AcceptorLog.open(dir, Durability.FSYNC, 4);
    opened.log().start("test-writer", seq -> { }, e -> { });
    opened.log().rewrite(acceptor.snapshot());
    opened.log().append(accepted(1000));
    opened.log().close();

    assertTrue(Files.size(file) < before / 50, "compacted from " + before + " to " + Files.size(file));
    assertFalse(Files.exists(dir.resolve(AcceptorLog.FILE_NAME + AcceptorLog.COMPACT_SUFFIX)));
    AcceptorLog.Recovered reopened = AcceptorLog.open(dir, Durability.FSYNC, 4);
    reopened.log().close();
    assertEquals(990, reopened.acceptor().prunedBelow());
    assertEquals(11, reopened.acceptor().acceptedCount(), "slots 990..1000");
    assertEquals(B, reopened.acceptor().promised());
  }

  @Test
  void aHalfWrittenCompactionIsIgnoredInFavourOfTheWholeLog() throws IOException {
    write(someRecords(5));
    Files.write(dir.resolve(AcceptorLog.FILE_NAME + AcceptorLog.COMPACT_SUFFIX), new byte[] {'P', 'X', 1, 2});

    AcceptorLog.Recovered reopened = AcceptorLog.open(dir, Durability.FSYNC, 4);
    reopened.log().close();

    assertEquals(5, reopened.acceptor().acceptedCount());
    assertFalse(Files.exists(dir.resolve(AcceptorLog.FILE_NAME + AcceptorLog.COMPACT_SUFFIX)));
  }

  @Test
  void everyCommandShapeSurvivesTheCodec() {
    List<AcceptorRecord> records = List.of(
        new Promised(Ballot.NONE),
        new Promised(new Ballot(Long.MAX_VALUE, Integer.MAX_VALUE)),
        new AcceptedValue(new PValue(0, B, Command.Noop.INSTANCE)),
        new AcceptedValue(new PValue(9, B, Command.Batch.of(new ChatLine(0, 1, "")))),
        new AcceptedValue(new PValue(9, B, Command.Batch.of(new ChatLine(5, 99, "héllo 🙂 " + "x".repeat(70_000))))),
        new AcceptedValue(new PValue(10, B, Command.Batch.of(new ChatLine(5, 7, 100, "of session 7")))),
        new AcceptedValue(new PValue(11, B, new Command.OpenSession(5, 1_700_000_000_000_123L))),
        new AcceptedValue(new PValue(12, B, new Command.CloseSession(5, 11))),
        new PrunedBelow(123_456_789_012L),
        new AcceptorRecord.Rejoining(64),
        new AcceptorRecord.RejoinWaitsFor(1_000_064, B),
        new AcceptorRecord.Rejoined());
    for (AcceptorRecord record : records) {
      assertEquals(record, AcceptorRecordCodec.decode(AcceptorRecordCodec.encode(record)));
    }
    byte[] bytes = AcceptorRecordCodec.encode(records.get(3));
    assertThrows(IllegalArgumentException.class,
        () -> AcceptorRecordCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1)));
  }

  @Test
  void aLineWhoseTextIsNotUtf8DoesNotDecode() {
    byte[] bytes = AcceptorRecordCodec.encode(
        new AcceptedValue(new PValue(9, new Ballot(3, 1), Command.Batch.of(new ChatLine(5, 99, "hé!")))));
    assertEquals((byte) 0xA9, bytes[bytes.length - 2], "the second byte of 'é'");
    bytes[bytes.length - 2] = '?'; // 0xC3 then '?': a two-byte character cut short
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AcceptorRecordCodec.decode(bytes));
    assertEquals("a text is not UTF-8", e.getMessage());
  }

  /**
   * The bytes of a file written now are those of a file written before records were encoded in
   * place: the layout the codec documents, built here with a plain DataOutputStream.
   */
  @Test
  void aBatchOfRecordsIsWrittenInTheDocumentedLayout() throws Exception {
    List<AcceptorRecord> records = List.of(
        new Promised(new Ballot(3, 1)),
        new AcceptedValue(new PValue(7, new Ballot(3, 1), Command.Batch.of(
            new ChatLine(2, 5, 4, "h\u00e9"), new ChatLine(1, 5, 9, "x".repeat(40_000))))),
        new AcceptedValue(new PValue(8, new Ballot(3, 1), new Command.OpenSession(4, -6))),
        new AcceptedValue(new PValue(9, new Ballot(3, 1), Command.Noop.INSTANCE)),
        new PrunedBelow(5));
    Path file = write(records);

    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    expected.write("PXCHALG1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(payload);
    out.writeByte(1); out.writeLong(3); out.writeInt(1);
    frame(expected, payload);
    out.writeByte(2); out.writeLong(7); out.writeLong(3); out.writeInt(1); out.writeByte(3); out.writeInt(2);
    out.writeLong(5); out.writeInt(2); out.writeLong(4); out.writeInt(3); out.write("h\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.writeLong(5); out.writeInt(1); out.writeLong(9); out.writeInt(40_000); out.write("x".repeat(40_000).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    frame(expected, payload);
    out.writeByte(2); out.writeLong(8); out.writeLong(3); out.writeInt(1); out.writeByte(4); out.writeInt(4); out.writeLong(-6);
    frame(expected, payload);
    out.writeByte(2); out.writeLong(9); out.writeLong(3); out.writeInt(1); out.writeByte(0);
    frame(expected, payload);
    out.writeByte(3); out.writeLong(5);
    frame(expected, payload);

    org.junit.jupiter.api.Assertions.assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
  }

  private static void frame(java.io.ByteArrayOutputStream file, java.io.ByteArrayOutputStream payload) throws Exception {
    byte[] bytes = payload.toByteArray();
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes);
    java.io.DataOutputStream header = new java.io.DataOutputStream(file);
    header.writeInt(bytes.length);
    header.writeInt((int) crc.getValue());
    file.write(bytes);
    payload.reset();
  }
}
