package io.paxoschat.chatlog;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds replica logs for tests from a compact notation: "c.s" is client c's seq s, "-" a no-op. */
public final class LogDirs {

  private LogDirs() {}

  /**
   * {@code body} as a line of a replica log, with its checksum field: CRC32C of the body's UTF-8
   * bytes as 8 lowercase hex digits, computed here independently of the code under test.
   */
  public static String line(String body) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return body + "\t" + java.util.HexFormat.of().toHexDigits((int) crc.getValue());
  }

  /** {@code body} as the last line of its slot: its checksum, then the end-of-slot mark. */
  public static String lastLine(String body) {
    return line(body) + ".";
  }

  /** The body of a checksummed line: what comes before its last tab. */
  public static String body(String line) {
    return line.substring(0, line.lastIndexOf('\t'));
  }

  public static List<Command> commands(String spec) {
    List<Command> out = new ArrayList<>();
    for (String item : spec.trim().split("\\s+")) {
      if (item.isEmpty()) {
        continue;
      }
      if (item.equals("-")) {
        out.add(Command.Noop.INSTANCE);
      } else {
        String[] parts = item.split("\\.");
        int client = Integer.parseInt(parts[0]);
        long seq = Long.parseLong(parts[1]);
        out.add(Command.Batch.of(new ChatLine(client, seq, "line " + seq + " of client " + client)));
      }
    }
    return out;
  }

  /** Writes {@code replica-<i>.log} holding {@code specs[i]} for each i. */
  public static void write(Path dir, String... specs) {
    for (int id = 0; id < specs.length; id++) {
      try (ChatLogWriter writer = ChatLogWriter.create(dir, id)) {
        List<Command> commands = commands(specs[id]);
        for (int slot = 0; slot < commands.size(); slot++) {
          writer.append(slot, commands.get(slot));
        }
      }
    }
  }
}
