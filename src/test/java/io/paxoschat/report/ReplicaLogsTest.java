package io.paxoschat.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  private static List<String> lines(int count) {
    List<String> lines = new ArrayList<>();
    for (int slot = 0; slot < count; slot++) {
      lines.add(slot % 100 == 7 ? slot + "\tNOOP" : slot + "\t1\t" + (slot + 1) + "\tline " + slot);
    }
    return lines;
  }

  @Test
  void theFirstDivergenceIsFoundAndShownWithTheLinesAroundIt() throws Exception {
    List<String> agreed = lines(1000);
    List<String> other = new ArrayList<>(agreed);
    other.set(600, "600\t2\t9\tsomething else");
    other.set(700, "700\t2\t10\tand later another");
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
}
