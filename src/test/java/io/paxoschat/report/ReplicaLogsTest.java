package io.paxoschat.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paxoschat.chatlog.ChatLogFormat;
import io.paxoschat.paxos.Command;
import io.paxoschat.paxos.Command.ChatLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaLogsTest {

  @TempDir Path temp;

  private void log(int replica, List<String> lines) throws Exception {
    Files.write(temp.resolve("replica-" + replica + ".log"), lines);
  }

  /** One slot per line, as replicas write them: checksummed, each the last line of its slot. */
  private static List<String> lines(int count) {
    List<String> lines = new ArrayList<>();
    for (int slot = 0; slot < count; slot++) {
      lines.add(slot % 100 == 7 ? ChatLogFormat.format(slot, Command.Noop.INSTANCE) : chat(slot, 1, slot + 1, "line " + slot));
    }
    return lines;
  }

  private static String chat(long slot, int client, long seq, String text) {
    return ChatLogFormat.format(slot, Command.Batch.of(new ChatLine(client, seq, text)));
  }

  @Test
  void theFirstDivergenceIsFoundAndShownWithTheLinesAroundIt() throws Exception {
    List<String> agreed = lines(1000);
    List<String> other = new ArrayList<>(agreed);
    other.set(600, chat(600, 2, 9, "something else"));
    other.set(700, chat(700, 2, 10, "and later another"));
    log(0, agreed);
    log(1, other);
    log(2, agreed.subList(0, 400)); // crashed: a prefix
    ReplicaLogs logs = ReplicaLogs.fromDirectory(temp, 3);

    assertEquals(600, logs.firstDivergence);
    assertFalse(logs.identical());
    ReplicaLogs.Row divergent = logs.rows.stream().filter(ReplicaLogs.Row::divergent).findFirst().orElseThrow();
    assertEquals(600, divergent.slot());
    assertEquals("c2 #9: something else", divergent.cells().get(1));
    assertNull(divergent.cells().get(2), "replica 2's log ends before");
    assertTrue(logs.rows.stream().anyMatch(row -> row.index() == 595), "lines before the divergence are shown");
    assertTrue(logs.rows.stream().anyMatch(row -> row.index() == 605), "and lines after it");
    assertTrue(logs.rows.stream().filter(ReplicaLogs.Row::noop).count() >= 10, "every NOOP row is kept");
    assertTrue(logs.rowsSkipped > 0, "a long log is not shown whole");
    assertEquals(1000, logs.longest());
    assertEquals(10, logs.noops());
    assertEquals(logs.logs.get(0).md5().length(), 32);
  }

  @Test
  void identicalLogsHaveNoDivergence() throws Exception {
    log(0, lines(50));
    log(1, lines(50));
    ReplicaLogs logs = ReplicaLogs.fromDirectory(temp, 2);
    assertEquals(-1, logs.firstDivergence);
    assertTrue(logs.identical());
    assertEquals(50, logs.rows.size());
    assertEquals(0, logs.rowsSkipped);
  }

  @Test
  void theLinesOfABatchShareTheirSlotAndALineThatDoesNotParseIsShownAsItIs() throws Exception {
    String batch = ChatLogFormat.format(0, Command.Batch.of(new ChatLine(1, 1, "a"), new ChatLine(2, 1, "b")));
    List<String> lines = new ArrayList<>(List.of(batch.split("\n")));
    lines.add(ChatLogFormat.format(1, Command.Noop.INSTANCE));
    lines.add(chat(2, 1, 2, "c"));
    log(0, lines);
    List<String> damaged = new ArrayList<>(lines);
    damaged.set(3, damaged.get(3).replace("\tc\t", "\tC\t"));
    log(1, damaged);
    ReplicaLogs logs = ReplicaLogs.fromDirectory(temp, 2);

    assertEquals(4, logs.logs.get(0).lines());
    assertEquals(3, logs.logs.get(0).slots());
    assertEquals(1, logs.logs.get(0).noops());
    assertEquals(List.of(0L, 0L, 1L, 2L), logs.rows.stream().map(ReplicaLogs.Row::slot).toList());
    assertEquals("c1 #1: a", logs.rows.get(0).cells().get(0));
    assertEquals("c2 #1: b", logs.rows.get(1).cells().get(0));
    assertEquals("NOOP", logs.rows.get(2).cells().get(0));
    assertTrue(logs.rows.get(2).noop());
    assertEquals(3, logs.firstDivergence);
    assertEquals(damaged.get(3), logs.rows.get(3).cells().get(1), "a line failing its checksum is shown whole");
  }
}
