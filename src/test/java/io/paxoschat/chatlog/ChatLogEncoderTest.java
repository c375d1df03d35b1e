package io.paxoschat.chatlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes the learner writes are the log format as its contract states it, built here from
 * Strings the slow, obvious way ({@link LogDirs#line}): a log written before the encoder and
 * one written after it are byte for byte the same.
 */
class ChatLogEncoderTest {

  private static final String[] TEXTS = {
    "", "hello", "NOOP", "a\tb\t\tc", "\u00e9t\u00e9 \u2603 \u4f60\u597d", "\uD83D\uDE00 emoji",
    "lone high \uD800", "\uDC00 lone low", "x".repeat(4096), "\u00ff\u0080\u07ff\u0800\uffff", "trailing tab\t",
  };

  private static final long[] NUMBERS = {0, 1, 9, 10, 99, 100, 12345, Integer.MAX_VALUE, 1L << 40, Long.MAX_VALUE};

  @TempDir Path temp;

  @Test
  void everyKindOfSlotIsWrittenAsTheContractSays() {
    Random random = new Random(20261130);
    ChatLogEncoder encoder = new ChatLogEncoder();
    for (int i = 0; i < 5_000; i++) {
      long slot = pick(random, false);
      Command command = randomCommand(random, false);
      encoder.encodeSlot(slot, command);
      byte[] written = Arrays.copyOf(encoder.bytes(), encoder.length());
      // The message is built only on a failure: a batch of 300 lines is a long string.
      assertArrayEquals(contract(slot, command).getBytes(StandardCharsets.UTF_8), written,
          () -> "slot " + slot + " holding " + command);
    }
  }

  @Test
  void aWrittenLogIsTheContractsBytesAndReadsBack() throws Exception {
    Random random = new Random(7);
    Path file = temp.resolve("replica-0.log");
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    List<Command> commands = new ArrayList<>();
    try (ChatLogWriter writer = new ChatLogWriter(file)) {
      for (long slot = 0; slot < 2_000; slot++) {
        Command command = randomCommand(random, true);
        commands.add(command);
        writer.append(slot, command);
        expected.writeBytes(contract(slot, command).getBytes(StandardCharsets.UTF_8));
      }
      List<LogEntry> read = writer.read(0, 2_000, Integer.MAX_VALUE);
      assertEquals(2_000, read.size());
      for (int slot = 0; slot < read.size(); slot++) {
        assertEquals(ChatLogFormat.format(slot, commands.get(slot)), ChatLogFormat.format(read.get(slot)));
      }
    }
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
  }

  @Test
  void refusesWhatCannotParseBack() {
    ChatLogEncoder encoder = new ChatLogEncoder();
    assertThrows(IllegalArgumentException.class, () -> encoder.encodeSlot(-1, Command.Noop.INSTANCE));
    assertThrows(IllegalArgumentException.class, () -> encoder.encodeSlot(0, Command.Batch.of(new ChatLine(-1, 1, "x"))));
    assertThrows(IllegalArgumentException.class, () -> encoder.encodeSlot(0, Command.Batch.of(new ChatLine(0, 0, "x"))));
    assertThrows(IllegalArgumentException.class, () -> encoder.encodeSlot(0, Command.Batch.of(new ChatLine(0, 1, "a\nb"))));
    assertThrows(IllegalArgumentException.class, () -> encoder.encodeSlot(0, Command.Batch.of(new ChatLine(0, 1, "a\rb"))));
  }

  /** The lines of a slot as the format's documentation states them, each ended by a line end. */
  private static String contract(long slot, Command command) {
    StringBuilder lines = new StringBuilder();
    if (command instanceof Command.Batch batch) {
      for (int i = 0; i < batch.lines().size(); i++) {
        ChatLine line = batch.lines().get(i);
        String body = slot + "\t" + line.clientId() + "\t" + line.seq() + "\t" + line.text();
        lines.append(i == batch.lines().size() - 1 ? LogDirs.lastLine(body) : LogDirs.line(body)).append('\n');
      }
    } else if (command instanceof Command.OpenSession open) {
      lines.append(LogDirs.lastLine(slot + "\tSESSION\t" + open.clientId() + "\t" + open.nonce())).append('\n');
    } else if (command instanceof Command.CloseSession close) {
      lines.append(LogDirs.lastLine(slot + "\tCLOSE\t" + close.clientId() + "\t" + close.session())).append('\n');
    } else {
      lines.append(LogDirs.lastLine(slot + "\tNOOP")).append('\n');
    }
    return lines.toString();
  }

  /** With {@code parsable}, numbers of at most 18 digits, as the reader takes them. */
  private static Command randomCommand(Random random, boolean parsable) {
    int kind = random.nextInt(10);
    if (kind == 0) {
      return Command.Noop.INSTANCE;
    }
    if (kind == 1) {
      long nonce = random.nextBoolean() ? pick(random, parsable) : -pick(random, parsable) - 1; // Long.MIN_VALUE too
      int client = (int) Math.min(pick(random, parsable), Integer.MAX_VALUE);
      return new Command.OpenSession(parsable || random.nextBoolean() ? client : -client - 1, nonce);
    }
    if (kind == 2) {
      int client = random.nextInt(1000);
      return new Command.CloseSession(parsable || random.nextBoolean() ? client : -client - 1, pick(random, parsable));
    }
    List<ChatLine> lines = new ArrayList<>();
    int count = 1 + random.nextInt(random.nextBoolean() ? 3 : 300);
    for (int i = 0; i < count; i++) {
      lines.add(new ChatLine((int) Math.min(pick(random, parsable), Integer.MAX_VALUE),
          Math.max(1, pick(random, parsable)), TEXTS[random.nextInt(TEXTS.length)]));
    }
    return new Command.Batch(lines);
  }

  private static long pick(Random random, boolean parsable) {
    long value = random.nextBoolean() ? NUMBERS[random.nextInt(NUMBERS.length)] : random.nextLong() & Long.MAX_VALUE;
    return parsable ? value % 100_000_000_000_000_000L : value;
  }
}
