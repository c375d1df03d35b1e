package io.paxoschat.chatlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import io.paxoschat.paxos.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chat log that a restarted replica continues: checked, repaired at the tail, read back. */
class ChatLogRecoveryTest {

  @TempDir Path dir;

  private Path writeLog(String spec) {
    LogDirs.write(dir, spec);
    return ChatLogFiles.logFile(dir, 0);
  }

  @Test
  void aRecoveredLogContinuesWithNoRepeatedOrMissingLines() throws IOException {
    writeLog("0.1 1.1 - 0.2 -");

    try (ChatLogWriter writer = ChatLogWriter.recover(dir, 0)) {
      assertEquals(5, writer.recovered().nextSlot());
      assertEquals(Map.of(0, 2L, 1, 1L), writer.recovered().lastExecutedSeq());
      assertNull(writer.recovered().repair());
      writer.append(5, Command.Batch.of(new ChatLine(1, 2, "next")));
    }

    List<String> lines = Files.readAllLines(ChatLogFiles.logFile(dir, 0));
    assertEquals(6, lines.size());
    assertEquals(LogDirs.lastLine("5\t1\t2\tnext"), lines.get(5));
  }

  @Test
  void sessionOpeningsAndClosingsAreReadBackAsTheClientsLatestSessions() throws IOException {
    try (ChatLogWriter writer = ChatLogWriter.recover(dir, 0)) {
      writer.append(0, new Command.OpenSession(1, 50));
      writer.append(1, new Command.OpenSession(2, 60));
      writer.append(2, Command.Batch.of(new ChatLine(1, 0, 1, "a"), new ChatLine(2, 1, 1, "b")));
      writer.append(3, new Command.CloseSession(1, 0));
    }
    List<String> lines = Files.readAllLines(ChatLogFiles.logFile(dir, 0));
    assertTrue(lines.get(4).startsWith("3\tCLOSE\t1\t0\t"), lines.get(4));

    try (ChatLogWriter writer = ChatLogWriter.recover(dir, 0)) {
      assertEquals(4, writer.recovered().nextSlot());
      assertEquals(Map.of(1, new Session(0, 50, true), 2, new Session(1, 60)), writer.recovered().sessions());
      assertEquals(Map.of(1, 1L, 2, 1L), writer.recovered().lastExecutedSeq());
    }
  }

  @Test
  void aMissingLogIsAnEmptyOne() {
    try (ChatLogWriter writer = ChatLogWriter.recover(dir.resolve("new"), 3)) {
      assertEquals(0, writer.recovered().nextSlot());
    }
  }

  @Test
  void aTornLastLineIsCutOff() throws IOException {
    Path file = writeLog("0.1 0.2 0.3");
    long whole = Files.size(file);
    Files.writeString(file, LogDirs.line("3\t0\t4\tthis line was cut short").substring(0, 30),
        StandardOpenOption.APPEND);

    try (ChatLogWriter writer = ChatLogWriter.recover(dir, 0)) {
      assertEquals(3, writer.recovered().nextSlot());
      assertTrue(writer.recovered().repair().contains("torn last line"), writer.recovered().repair());
      assertEquals(whole, Files.size(file));
      writer.append(3, Command.Batch.of(new ChatLine(0, 4, "this line was cut short")));
    }
    assertEquals(LogDirs.lastLine("3\t0\t4\tthis line was cut short"), Files.readAllLines(file).get(3));
  }

  @Test
  void aBatchCutBetweenTwoOfItsLinesIsExecutedAgain() throws IOException {
    Path file = writeLog("0.1 0.2");
    long whole = Files.size(file);
    // A crash wrote the first line of slot 2's batch and not its last.
    Files.writeString(file, LogDirs.line("2\t0\t3\tfirst of two") + "\n", StandardOpenOption.APPEND);

    try (ChatLogWriter writer = ChatLogWriter.recover(dir, 0)) {
      assertEquals(2, writer.recovered().nextSlot());
      assertEquals(Map.of(0, 2L), writer.recovered().lastExecutedSeq(), "the cut batch's line does not count");
      assertTrue(writer.recovered().repair().contains("cut off slot 2"), writer.recovered().repair());
      assertEquals(whole, Files.size(file));
    }
    try (ChatLogWriter again = ChatLogWriter.recover(dir, 0)) {
      assertEquals(2, again.recovered().nextSlot(), "a whole last batch is kept on the next restart");
      assertNull(again.recovered().repair());
    }
  }

  @Test
  void aGarbledLastLineIsCutOffToo() throws IOException {
    Path file = writeLog("0.1 0.2");
    Files.write(file, new byte[] {0, 0, 0, '\n'}, StandardOpenOption.APPEND);

    try (ChatLogWriter writer = ChatLogWriter.recover(dir, 0)) {
      assertEquals(2, writer.recovered().nextSlot());
    }
  }

  @Test
  void aBatchOfManyLinesIsOneSlotAndALastNoopIsKept() throws IOException {
    try (ChatLogWriter writer = ChatLogWriter.create(dir, 0)) {
      writer.append(0, Command.Batch.of(new ChatLine(0, 1, "a"), new ChatLine(1, 1, "b"), new ChatLine(0, 2, "c")));
      writer.append(1, Command.Noop.INSTANCE);
      writer.append(2, Command.Batch.of(new ChatLine(1, 2, "d")));
      writer.append(3, Command.Noop.INSTANCE);
    }
    try (ChatLogWriter writer = ChatLogWriter.recover(dir, 0)) {
      assertEquals(4, writer.recovered().nextSlot(), "a no-op is one line, so it is whole");
      assertEquals(Map.of(0, 2L, 1, 2L), writer.recovered().lastExecutedSeq());
      List<LogEntry> read = writer.read(0, 10, 1 << 20);
      assertEquals(new LogEntry(0, Command.Batch.of(new ChatLine(0, 1, "a"), new ChatLine(1, 1, "b"), new ChatLine(0, 2, "c"))),
          read.get(0));
      assertEquals(4, read.size());
      assertEquals(List.of(new LogEntry(2, Command.Batch.of(new ChatLine(1, 2, "d")))), writer.read(2, 1, 1 << 20));
    }
  }

  @Test
  void aBadLineInTheMiddleRefusesToContinue() throws IOException {
    Path file = writeLog("0.1 0.2 0.3 0.4");
    List<String> lines = Files.readAllLines(file);
    lines.set(1, "1\tgarbage");
    Files.write(file, lines);

    ChatLogException e = assertThrows(ChatLogException.class, () -> ChatLogWriter.recover(dir, 0));

    assertTrue(e.getMessage().startsWith(file + ": line 2 at offset "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void aFlippedByteInALineWithLinesAfterItRefusesToContinueNamingFileAndOffset() throws IOException {
    Path file = writeLog("0.1 0.2 0.3 0.4");
    byte[] bytes = Files.readAllBytes(file);
    long offset = Files.readAllLines(file).get(0).length() + 1; // line 2 starts here
    int at = (int) offset + "1\t0\t2\tline".length() + 1; // inside its text
    bytes[at] ^= 0x01;
    Files.write(file, bytes);

    ChatLogException e = assertThrows(ChatLogException.class, () -> ChatLogWriter.recover(dir, 0));

    assertTrue(e.getMessage().startsWith(file + ": line 2 at offset " + offset + " is bad (checksum"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void aFlippedByteIsNeverServedToAPeer() throws IOException {
    Path file = writeLog("0.1 0.2 0.3 0.4");
    try (ChatLogWriter writer = ChatLogWriter.recover(dir, 0)) {
      assertEquals(writer.recovered().nextSlot(), writer.read(0, 10, 1 << 20).size());
      // The disk changes a byte under the running replica (a bad sector, a stray write).
      byte[] bytes = Files.readAllBytes(file);
      long offset = Files.readAllLines(file).get(0).length() + Files.readAllLines(file).get(1).length() + 2;
      bytes[(int) offset + 8] ^= 0x01;
      Files.write(file, bytes);

      ChatLogException e = assertThrows(ChatLogException.class, () -> writer.read(1, 10, 1 << 20));
      assertTrue(e.getMessage().startsWith(file + ": the line at offset " + offset + " is bad (checksum"),
          e.getMessage());
      assertEquals(1, writer.read(0, 1, 1 << 20).size(), "intact slots before it are still served");
    }
  }

  @Test
  void aLineOutOfItsClientsOrderRefusesToContinue() throws IOException {
    writeLog("0.1 0.3 0.2 -");

    ChatLogException e = assertThrows(ChatLogException.class, () -> ChatLogWriter.recover(dir, 0));

    assertTrue(e.getMessage().contains("client 0 seq 3 after seq 1"), e.getMessage());
  }

  @Test
  void aSkippedSlotInTheMiddleRefusesToContinue() throws IOException {
    Path file = writeLog("0.1 0.2 0.3 0.4");
    List<String> lines = Files.readAllLines(file);
    lines.remove(1);
    Files.write(file, lines);

    ChatLogException e = assertThrows(ChatLogException.class, () -> ChatLogWriter.recover(dir, 0));

    assertTrue(e.getMessage().contains("slot 2 where slot 1 belongs"), e.getMessage());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void linesReadBackAsWrittenFromAnySlotAcrossTheIndex() {
    try (ChatLogWriter writer = ChatLogWriter.create(dir, 0)) {
      for (long slot = 0; slot < 5000; slot++) {
        writer.append(slot, line(slot));
      }
      List<LogEntry> entries = writer.read(2040, 20, 1 << 20);
      assertEquals(20, entries.size());
      assertEquals(new LogEntry(2040, line(2040)), entries.get(0));
      assertEquals(new LogEntry(2044, Command.Noop.INSTANCE), entries.get(4));
      assertEquals(List.of(), writer.read(5000, 10, 1 << 20));
      assertEquals(1, writer.read(10, 100, 1).size(), "at least one line, whatever the byte cap");

      writer.append(5000, Command.Noop.INSTANCE); // appending still works after reading
    }
    try (ChatLogWriter writer = ChatLogWriter.recover(dir, 0)) {
      assertEquals(5001, writer.recovered().nextSlot());
      assertEquals(new LogEntry(4999, line(4999)), writer.read(4999, 5, 1 << 20).get(0));
    }
  }

  /**
   * Slots of batches hold hundreds of lines: reading one back for a lagging peer starts within
   * one index step of it, not at the top of the file (which made every chunk of a long catch-up
   * re-read the megabytes before it), both in the log as written and as recovered.
   */
  @Test
  void readingBackABatchStartsNearItsSlot() throws IOException {
    int slots = 300;
    int linesPerSlot = 400;
    try (ChatLogWriter writer = ChatLogWriter.create(dir, 0)) {
      for (long slot = 0; slot < slots; slot++) {
        writer.append(slot, batch(slot, linesPerSlot));
      }
      writer.flush();
      assertReadsStartNear(writer, slotStarts(slots));
    }
    try (ChatLogWriter writer = ChatLogWriter.recover(dir, 0)) {
      assertEquals(slots, writer.recovered().nextSlot());
      assertReadsStartNear(writer, slotStarts(slots));
      assertEquals(batch(250, linesPerSlot), writer.read(250, 1, 1 << 20).get(0).command());
    }
  }

  private static void assertReadsStartNear(ChatLogWriter writer, long[] starts) {
    for (int slot = 0; slot < starts.length; slot++) {
      long start = writer.readStart(slot);
      assertTrue(start <= starts[slot], "slot " + slot + ": reading starts after it");
      assertTrue(starts[slot] - start < SlotOffsets.MAX_BYTES_APART,
          "slot " + slot + " starts at byte " + starts[slot] + ", but reading it starts at byte " + start);
    }
  }

  /** Byte offset of each slot's first line in replica 0's log. */
  private long[] slotStarts(int slots) throws IOException {
    long[] starts = new long[slots];
    long offset = 0;
    long previous = -1;
    for (String line : Files.readAllLines(ChatLogFiles.logFile(dir, 0), StandardCharsets.UTF_8)) {
      long slot = Long.parseLong(line.substring(0, line.indexOf('\t')));
      if (slot != previous) {
        starts[(int) slot] = offset;
        previous = slot;
      }
      offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    return starts;
  }

  private static Command batch(long slot, int lines) {
    List<ChatLine> batch = new java.util.ArrayList<>();
    for (int i = 1; i <= lines; i++) {
      batch.add(new ChatLine(1, slot * lines + i, "client 1 says hello #" + (slot * lines + i)));
    }
    return new Command.Batch(batch);
  }

  /** Every 7th slot a no-op, the others client 1's lines in order. */
  private static Command line(long slot) {
    return slot % 7 == 0 ? Command.Noop.INSTANCE : Command.Batch.of(new ChatLine(1, slot - slot / 7, "line ü " + slot));
  }

  @Test
  void abandoningLosesWhatWasNotFlushedOnly() throws IOException {
    ChatLogWriter writer = ChatLogWriter.create(dir, 0);
    writer.append(0, Command.Batch.of(new ChatLine(0, 1, "flushed")));
    writer.flush();
    writer.append(1, Command.Batch.of(new ChatLine(0, 2, "still buffered")));
    writer.abandon();

    assertEquals(List.of(LogDirs.lastLine("0\t0\t1\tflushed")), Files.readAllLines(ChatLogFiles.logFile(dir, 0), StandardCharsets.UTF_8));
  }
}
