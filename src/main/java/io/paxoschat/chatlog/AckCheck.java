package io.paxoschat.chatlog;

import io.paxoschat.paxos.ChatEntry;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds replica logs to what clients saw acknowledged: every acknowledged line must be in every
 * log exactly once, with the text the client sent, in the slot its acknowledgement named.
 */
public final class AckCheck {

  /** What one log lacks or repeats; empty problems mean the log holds every ack once. */
  public record Result(int replicaId, int acknowledged, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private static final int MAX_PROBLEMS = 20;

  private AckCheck() {}

  public static Result check(int replicaId, Path log, List<AcksFile.Ack> acks) throws IOException {
    Map<Long, List<ChatEntry>> bySeqKey = new HashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty()) {
          continue;
        }
        LogEntry entry;
        try {
          entry = ChatLogFormat.parse(line);
        } catch (ChatLogException e) {
          continue; // a line cut off by a kill; the consistency check reports malformed lines
        }
        if (entry.command() instanceof Command.Batch batch) {
          for (ChatLine chat : batch.lines()) {
            bySeqKey.computeIfAbsent(key(chat.clientId(), chat.seq()), k -> new ArrayList<>())
                .add(new ChatEntry(entry.slot(), chat));
          }
        }
      }
    }
    List<String> problems = new ArrayList<>();
    int missing = 0;
    for (AcksFile.Ack ack : acks) {
      List<ChatEntry> found = bySeqKey.getOrDefault(key(ack.clientId(), ack.seq()), List.of());
      String problem = null;
      if (found.isEmpty()) {
        missing++;
        problem = "missing";
      } else if (found.size() > 1) {
        problem = "present " + found.size() + " times";
      } else if (!found.get(0).line().text().equals(ack.text())) {
        problem = "has other text \"" + found.get(0).line().text() + "\"";
      } else if (ack.slot() >= 0 && found.get(0).slot() != ack.slot()) {
        problem = "is in slot " + found.get(0).slot() + ", acknowledged in slot " + ack.slot();
      }
      if (problem != null && problems.size() < MAX_PROBLEMS) {
        problems.add("replica-" + replicaId + ": acknowledged line client " + ack.clientId() + " seq " + ack.seq()
            + " \"" + ack.text() + "\" " + problem);
      }
    }
    if (missing > 0 && problems.size() >= MAX_PROBLEMS) {
      problems.add("replica-" + replicaId + ": " + missing + " acknowledged lines missing in all");
    }
    return new Result(replicaId, acks.size(), problems);
  }

  private static long key(int clientId, long seq) {
    return ((long) clientId << 40) ^ seq;
  }
}
