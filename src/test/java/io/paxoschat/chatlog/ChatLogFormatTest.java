package io.paxoschat.chatlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatLogFormatTest {

  @Test
  void chatLineAndNoopLines() {
    assertEquals("7\t2\t3\thello", ChatLogFormat.format(7, new ChatLine(2, 3, "hello")));
    assertEquals("8\tNOOP", ChatLogFormat.format(8, Command.Noop.INSTANCE));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hello",
        "  leading and trailing  ",
        "\u00e9t\u00e9 \u2603 \uD83D\uDE00 \u4f60\u597d",
        "NOOP",
        "3 \\t 4",
        ""
      })
  void roundTrip(String text) {
    LogEntry entry = new LogEntry(41, Command.Batch.of(new ChatLine(3, 12, text)));
    assertEquals(entry, ChatLogFormat.parse(ChatLogFormat.format(entry)));
  }

  @Test
  void noopRoundTrip() {
    LogEntry entry = new LogEntry(0, Command.Noop.INSTANCE);
    assertEquals(entry, ChatLogFormat.parse(ChatLogFormat.format(entry)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "7",
        "x\tNOOP",
        "-1\tNOOP",
        "+1\tNOOP",
        "7\tnoop",
        "7\t1\t2",
        "7\t1\tx\thi",
        "7\t1\t0\thi",
        "7\tx\t1\thi",
        "7\t1\t1\thi\tthere",
        "99999999999999999999\tNOOP"
      })
  void malformedLinesAreRefusedClearly(String line) {
    ChatLogException e = assertThrows(ChatLogException.class, () -> ChatLogFormat.parse(line));
    assertTrue(e.getMessage().startsWith("malformed log line \""), e.getMessage());
  }

  @Test
  void formatRefusesWhatCouldNotBeReadBack() {
    assertThrows(IllegalArgumentException.class, () -> ChatLogFormat.format(-1, Command.Noop.INSTANCE));
    assertThrows(IllegalArgumentException.class, () -> ChatLogFormat.format(0, new ChatLine(0, 0, "x")));
    assertThrows(IllegalArgumentException.class, () -> ChatLogFormat.format(0, new ChatLine(0, 1, "a\nb")));
    assertThrows(IllegalArgumentException.class, () -> ChatLogFormat.format(0, new ChatLine(0, 1, "a\tb")));
  }

  @Test
  void writerAppendsConsecutiveSlotsAndTruncatesOnOpen(@TempDir Path dir) throws IOException {
    Path file = ChatLogFiles.logFile(dir, 2);
    Files.writeString(file, "old run\n");
    try (ChatLogWriter writer = ChatLogWriter.create(dir, 2)) {
      writer.append(0, Command.Batch.of(new ChatLine(1, 1, " hi \u00e9")));
      writer.append(1, Command.Noop.INSTANCE);
      assertThrows(IllegalStateException.class, () -> writer.append(3, Command.Noop.INSTANCE));
      writer.flush();
      assertEquals(List.of("0\t1\t1\t hi \u00e9", "1\tNOOP"), Files.readAllLines(file));
      assertEquals(2, writer.nextSlot());
    }
  }

  @Test
  void roundTripThroughAFile(@TempDir Path dir) throws IOException {
    List<LogEntry> entries =
        List.of(
            new LogEntry(0, Command.Batch.of(new ChatLine(0, 1, "  caf\u00e9 \uD83D\uDE00  "))),
            new LogEntry(1, Command.Noop.INSTANCE),
            new LogEntry(2, Command.Batch.of(new ChatLine(1, 1, ""))));
    try (ChatLogWriter writer = ChatLogWriter.create(dir, 0)) {
      entries.forEach(writer::append);
    }
    List<LogEntry> read =
        Files.readAllLines(dir.resolve("replica-0.log")).stream().map(ChatLogFormat::parse).toList();
    assertEquals(entries, read);
  }

  @Test
  void writerCreatesTheLogDirectory(@TempDir Path dir) throws IOException {
    Path logs = dir.resolve("a/b");
    try (ChatLogWriter writer = ChatLogWriter.create(logs, 0)) {
      writer.append(0, Command.Noop.INSTANCE);
    }
    assertEquals("0\tNOOP\n", Files.readString(logs.resolve("replica-0.log")));
  }

  @Test
  void onlyReplicaLogsAreReplicaLogs(@TempDir Path dir) throws IOException {
    for (String name :
        List.of("replica-0.log", "replica-10.log", "replica-01.log", "paxos-chat-debug.log",
            "replica-x.log", "replica-1.log.bak")) {
      Files.writeString(dir.resolve(name), "");
    }
    assertEquals(List.of(0, 10), List.copyOf(ChatLogFiles.list(dir).keySet()));
    ChatLogFiles.deleteAll(dir);
    assertTrue(ChatLogFiles.list(dir).isEmpty());
    assertTrue(Files.exists(dir.resolve("paxos-chat-debug.log")));
  }
}
