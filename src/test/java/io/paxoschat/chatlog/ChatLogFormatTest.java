package io.paxoschat.chatlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    assertEquals(LogDirs.line("7\t2\t3\thello"), ChatLogFormat.format(7, new ChatLine(2, 3, "hello")));
    assertEquals(LogDirs.lastLine("8\tNOOP"), ChatLogFormat.format(8, Command.Noop.INSTANCE));
    assertTrue(ChatLogFormat.format(8, Command.Noop.INSTANCE).matches("8\tNOOP\t[0-9a-f]{8}\\."));
    assertEquals(LogDirs.line("9\t2\t4\ta") + "\n" + LogDirs.lastLine("9\t3\t1\tb"),
        ChatLogFormat.format(9, Command.Batch.of(new ChatLine(2, 4, "a"), new ChatLine(3, 1, "b"))),
        "only the last line of a slot is marked");
    assertTrue(ChatLogFormat.endsSlot(LogDirs.lastLine("9\t3\t1\tb")));
    assertFalse(ChatLogFormat.endsSlot(LogDirs.line("9\t2\t4\ta")));
  }

  @Test
  void aLineWhoseContentDoesNotMatchItsChecksumIsRefused() {
    String line = ChatLogFormat.format(7, new ChatLine(2, 3, "hello"));
    for (int at = 0; at < line.lastIndexOf('\t'); at++) {
      char flipped = (char) (line.charAt(at) ^ 0x01);
      String damaged = line.substring(0, at) + flipped + line.substring(at + 1);
      ChatLogException e = assertThrows(ChatLogException.class, () -> ChatLogFormat.parse(damaged),
          "a flipped bit at " + at + " of " + line);
      assertTrue(e.getMessage().contains("checksum") || e.getMessage().startsWith("malformed"), e.getMessage());
    }
  }

  @Test
  void aLineWithoutItsChecksumIsRefused() {
    ChatLogException e = assertThrows(ChatLogException.class, () -> ChatLogFormat.parse("7\t2\t3\thello"));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hello",
        "  leading and trailing  ",
        "\u00e9t\u00e9 \u2603 \uD83D\uDE00 \u4f60\u597d",
        "NOOP",
        "deadbeef",
        "3 \\t 4",
        "",
        "name\tvalue",
        "\t",
        "\tleading tab",
        "trailing tab\t",
        "two\t\ttabs",
        "looks\t1\t2\tlike fields",
        "ends like a checksum\tdeadbeef",
        "ends like a last line\tdeadbeef."
      })
  void roundTrip(String text) {
    // Text that looks like a checksum, like NOOP or like more fields stays text byte for byte:
    // the client and seq are read from the left, the checksum from the right.
    LogEntry entry = new LogEntry(41, Command.Batch.of(new ChatLine(3, 12, text)));
    assertEquals(entry, ChatLogFormat.parse(ChatLogFormat.format(entry)));
  }

  @Test
  void noopRoundTrip() {
    LogEntry entry = new LogEntry(0, Command.Noop.INSTANCE);
    assertEquals(entry, ChatLogFormat.parse(ChatLogFormat.format(entry)));
  }

  @Test
  void sessionOpeningAndClosingRoundTrip() {
    LogEntry opening = new LogEntry(4, new Command.OpenSession(2, 1_700_000_000_000_123L));
    LogEntry closing = new LogEntry(9, new Command.CloseSession(2, 4));

    assertTrue(ChatLogFormat.format(closing).startsWith("9\tCLOSE\t2\t4\t"), ChatLogFormat.format(closing));
    assertEquals(opening, ChatLogFormat.parse(ChatLogFormat.format(opening)));
    assertEquals(closing, ChatLogFormat.parse(ChatLogFormat.format(closing)));
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
        "99999999999999999999\tNOOP",
        "7\tSESSION\t1",
        "7\tCLOSE\t1",
        "7\tCLOSE\t1\t-2",
        "7\tCLOSE\tx\t2"
      })
  void malformedLinesAreRefusedClearly(String body) {
    String line = LogDirs.line(body); // a right checksum over a wrong line
    ChatLogException e = assertThrows(ChatLogException.class, () -> ChatLogFormat.parse(line));
    assertTrue(e.getMessage().startsWith("malformed log line \""), e.getMessage());
  }

  @Test
  void formatRefusesWhatCouldNotBeReadBack() {
    assertThrows(IllegalArgumentException.class, () -> ChatLogFormat.format(-1, Command.Noop.INSTANCE));
    assertThrows(IllegalArgumentException.class, () -> ChatLogFormat.format(0, new ChatLine(0, 0, "x")));
    assertThrows(IllegalArgumentException.class, () -> ChatLogFormat.format(0, new ChatLine(0, 1, "a\nb")));
    assertThrows(IllegalArgumentException.class, () -> ChatLogFormat.format(0, new ChatLine(0, 1, "a\rb")));
  }

  @Test
  void aTabInTextIsPartOfTheText() {
    assertEquals(new LogEntry(7, Command.Batch.of(new ChatLine(1, 1, "hi\tthere"))),
        ChatLogFormat.parse(LogDirs.line("7\t1\t1\thi\tthere")));
    assertEquals(new LogEntry(7, Command.Batch.of(new ChatLine(1, 1, "\t\t"))),
        ChatLogFormat.parse(LogDirs.lastLine("7\t1\t1\t\t\t")));
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
      assertEquals(List.of(LogDirs.lastLine("0\t1\t1\t hi \u00e9"), LogDirs.lastLine("1\tNOOP")), Files.readAllLines(file));
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
    assertEquals(LogDirs.lastLine("0\tNOOP") + "\n", Files.readString(logs.resolve("replica-0.log")));
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
