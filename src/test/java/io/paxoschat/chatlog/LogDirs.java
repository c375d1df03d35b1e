package io.paxoschat.chatlog;

import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds replica logs for tests from a compact notation: "c.s" is client c's seq s, "-" a no-op. */
public final class LogDirs {

  private LogDirs() {}

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
