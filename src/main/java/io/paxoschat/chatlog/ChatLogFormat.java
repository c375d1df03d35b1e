package io.paxoschat.chatlog;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The line format of a replica log, a contract that people and scripts rely on:
 *
 * <pre>
 * &lt;slot&gt;\t&lt;clientId&gt;\t&lt;seq&gt;\t&lt;text&gt;\t&lt;crc&gt;   a chat line
 * &lt;slot&gt;\tNOOP\t&lt;crc&gt;                          a no-op
 * &lt;slot&gt;\tSESSION\t&lt;clientId&gt;\t&lt;nonce&gt;\t&lt;crc&gt;  a client opened a session here
 * &lt;slot&gt;\tCLOSE\t&lt;clientId&gt;\t&lt;session&gt;\t&lt;crc&gt; a client closed its session (opened in slot session)
 * </pre>
 *
 * {@code <crc>} is the CRC32C of the UTF-8 bytes before its tab, as 8 lowercase hex digits:
 * peers catch up from chat logs, so a line the disk changed must be caught before it is served
 * or continued. The client and seq are read from the left and the checksum from the right, so
 * text (between them) may hold tabs.
 * A slot holds a batch: its executed lines share the slot number, one log line each, in the
 * order they executed; a slot none of whose lines executed is one NOOP line. The last line of
 * every slot has a {@code .} after its checksum ({@link #END_OF_SLOT}): a crash can cut a batch
 * between two of its lines, and a reader must tell a slot whose end was written from one that
 * was cut short. Lines carry no terminator here; the writer adds {@code \n}. Text is kept byte
 * for byte, so it may not contain a CR or LF.
 */
public final class ChatLogFormat {

  public static final String NOOP = "NOOP";

  /** Marks a slot that opened a client's session: replaying the log must open it again. */
  public static final String SESSION = "SESSION";

  /** Marks a slot that closed a client's session: replaying the log must close it again. */
  public static final String CLOSE = "CLOSE";

  /** After the checksum of the last line of a slot. */
  public static final String END_OF_SLOT = ".";

  private ChatLogFormat() {}

  /** The log lines of one executed slot, joined by {@code \n}, without a final terminator. */
  public static String format(LogEntry entry) {
    return format(entry.slot(), entry.command());
  }

  /** The log lines of one executed slot, joined by {@code \n}, without a final terminator. */
  public static String format(long slot, Command command) {
    ChatLogEncoder encoder = new ChatLogEncoder();
    encoder.encodeSlot(slot, command);
    return encoder.withoutLastLineEnd();
  }

  /** Whether {@code line} (a whole, checked log line) is the last line of its slot. */
  public static boolean endsSlot(String line) {
    return line.endsWith(END_OF_SLOT);
  }

  /**
   * One chat line that is not the last of its slot.
   *
   * @throws IllegalArgumentException if the line cannot be written so that it parses back the
   *     same: a negative slot, client id or seq below 1, or text with a CR or LF
   */
  public static String format(long slot, ChatLine line) {
    ChatLogEncoder encoder = new ChatLogEncoder();
    encoder.encodeLine(slot, line, false);
    return encoder.withoutLastLineEnd();
  }

  /** CRC32C of the UTF-8 bytes of {@code body}, as 8 lowercase hex digits. */
  static String checksum(String body) {
    CRC32C crc = new CRC32C();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    String hex = Long.toHexString(crc.getValue());
    return "0".repeat(8 - hex.length()) + hex;
  }

  /**
   * Reads one line (without its terminator) back into an entry: a no-op, or a batch of the one
   * chat line (the other lines of its slot are on lines of their own), after checking its
   * checksum.
   *
   * @throws ChatLogException naming what is wrong with the line
   */
  public static LogEntry parse(String line) {
    int last = line.lastIndexOf('\t');
    String field = last < 0 ? "" : line.substring(last + 1);
    if (field.endsWith(END_OF_SLOT)) {
      field = field.substring(0, field.length() - END_OF_SLOT.length());
    }
    if (field.length() != 8 || !field.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw malformed(line, "no checksum field (8 hex digits after the last tab, and '" + END_OF_SLOT
          + "' on the last line of a slot)");
    }
    String body = line.substring(0, last);
    String expected = checksum(body);
    if (!expected.equals(field)) {
      throw new ChatLogException("checksum mismatch in log line \"" + shown(line) + "\": the line says " + field
          + ", its content gives " + expected + " (the line was changed after it was written)");
    }
    return parseBody(body);
  }

  private static String[] sessionFields(String line, String rest, String expected) {
    String[] fields = rest.split("\t", -1);
    if (fields.length != 3) {
      throw malformed(line, "expected " + expected + " after the slot");
    }
    return fields;
  }

  private static int clientId(String line, String field) {
    long client = number(line, field, "client id", 0);
    if (client > Integer.MAX_VALUE) {
      throw malformed(line, "client id " + client + " is too large");
    }
    return (int) client;
  }

  private static LogEntry parseBody(String line) {
    int first = line.indexOf('\t');
    if (first < 0) {
      throw malformed(line, "expected <slot>\\tNOOP or <slot>\\t<client>\\t<seq>\\t<text>");
    }
    long slot = number(line, line.substring(0, first), "slot", 0);
    String rest = line.substring(first + 1);
    if (rest.equals(NOOP)) {
      return new LogEntry(slot, Command.Noop.INSTANCE);
    }
    if (rest.startsWith(SESSION + "\t")) {
      String[] fields = sessionFields(line, rest, "SESSION\\t<client>\\t<nonce>");
      return new LogEntry(slot, new Command.OpenSession(clientId(line, fields[1]), signedNumber(line, fields[2], "nonce")));
    }
    if (rest.startsWith(CLOSE + "\t")) {
      String[] fields = sessionFields(line, rest, "CLOSE\\t<client>\\t<session>");
      return new LogEntry(slot, new Command.CloseSession(clientId(line, fields[1]), number(line, fields[2], "session", 0)));
    }
    int second = rest.indexOf('\t');
    int third = second < 0 ? -1 : rest.indexOf('\t', second + 1);
    if (third < 0) {
      throw malformed(line, "expected NOOP or <client>\\t<seq>\\t<text> after the slot");
    }
    int client = clientId(line, rest.substring(0, second));
    long seq = number(line, rest.substring(second + 1, third), "seq", 1);
    String text = rest.substring(third + 1); // up to the checksum, tabs and all
    if (text.indexOf('\r') >= 0) {
      throw malformed(line, "text contains a carriage return");
    }
    return new LogEntry(slot, Command.Batch.of(new ChatLine(client, seq, text)));
  }

  private static long number(String line, String field, String name, long min) {
    // Long.parseLong would accept "+3"; the format is plain digits only.
    if (field.isEmpty() || field.length() > 18 || !field.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw malformed(line, name + " '" + field + "' is not a number");
    }
    long value = Long.parseLong(field);
    if (value < min) {
      throw malformed(line, name + " must be at least " + min + ", found " + value);
    }
    return value;
  }

  private static long signedNumber(String line, String field, String name) {
    boolean negative = field.startsWith("-");
    long magnitude = number(line, negative ? field.substring(1) : field, name, 0);
    return negative ? -magnitude : magnitude;
  }

  private static ChatLogException malformed(String line, String why) {
    return new ChatLogException("malformed log line \"" + shown(line) + "\": " + why);
  }

  private static String shown(String line) {
    String shown = line.length() > 80 ? line.substring(0, 77) + "..." : line;
    return shown.replace("\t", "\\t").replace("\r", "\\r");
  }
}
