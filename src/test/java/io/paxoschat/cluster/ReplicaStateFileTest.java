package io.paxoschat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaStateFileTest {

  @TempDir
  Path dir;

  @Test
  void aReaderSeesTheLastRecordWrittenInPlace() throws Exception {
    Path file = dir.resolve("replica-0.state");
    ReplicaStateFile state = new ReplicaStateFile(file);
    assertFalse(Files.exists(file), "the file appears with the first record, not before");

    ReplicaReport longer = new ReplicaReport(123456, 98765, true, 1_234_567_890L, 1_700_000_000_000L);
    state.write(longer);
    assertEquals(Optional.of(longer), ReplicaReport.read(file));

    ReplicaReport shorter = new ReplicaReport(7, 0, false, -1, 5);
    state.write(shorter);
    assertEquals(Optional.of(shorter), ReplicaReport.read(file), "nothing of the longer record is left");
    assertEquals(ReplicaStateFile.RECORD_BYTES, Files.size(file));
  }

  @Test
  void aRecordMixedFromTwoWritesIsRefused() throws Exception {
    String older = new ReplicaReport(42, 3, true, 1000, 1_700_000_000_000L).formatChecked();
    String newer = new ReplicaReport(42, 4, true, 2999, 1_700_000_000_100L).formatChecked();
    assertEquals(older.length(), newer.length());
    int half = older.indexOf("executed=");
    String mixed = newer.substring(0, half) + older.substring(half); // the new view with the old progress

    assertThrows(IllegalArgumentException.class, () -> ReplicaReport.parseChecked(mixed));
    Path file = dir.resolve("replica-1.state");
    Files.writeString(file, mixed, StandardCharsets.US_ASCII);
    assertEquals(Optional.empty(), ReplicaReport.read(file));
  }

  @Test
  void aRecordWithoutItsChecksumIsRefused() throws Exception {
    Path file = dir.resolve("replica-2.state");
    Files.writeString(file, new ReplicaReport(1, 2, true, 3, 4).format() + "\n", StandardCharsets.US_ASCII);
    assertEquals(Optional.empty(), ReplicaReport.read(file));
    assertTrue(ReplicaReport.read(dir.resolve("missing.state")).isEmpty());
  }
}
