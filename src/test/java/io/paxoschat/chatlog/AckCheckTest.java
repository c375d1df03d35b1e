package io.paxoschat.chatlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AckCheckTest {

  @TempDir Path dir;

  @Test
  void theAcksFileReadsBackItsCompleteLinesOnly() throws Exception {
    Path file = dir.resolve("client-0.acks");
    try (AcksFile.Writer writer = AcksFile.append(file)) {
      writer.append(new AcksFile.Ack(4, 0, 1, "hello"));
      writer.append(new AcksFile.Ack(AcksFile.Ack.UNKNOWN_SLOT, 0, 2, "with spaces, a\ttab and ünïcode"));
    }
    Files.writeString(file, "5\t0\t3\tcut off by a ki", java.nio.file.StandardOpenOption.APPEND);
    assertEquals(List.of(new AcksFile.Ack(4, 0, 1, "hello"),
            new AcksFile.Ack(AcksFile.Ack.UNKNOWN_SLOT, 0, 2, "with spaces, a\ttab and ünïcode")),
        AcksFile.read(file));
  }

  @Test
  void everyAcknowledgedLineOnceWithItsTextPasses() throws Exception {
    Path log = log("0\t0\t1\ta\n1\tNOOP\n2\t1\t1\tb\n3\t0\t2\tc\n");
    AckCheck.Result result = AckCheck.check(0, log, List.of(
        new AcksFile.Ack(0, 0, 1, "a"), new AcksFile.Ack(-1, 0, 2, "c"), new AcksFile.Ack(2, 1, 1, "b")));
    assertTrue(result.ok(), result.problems().toString());
  }

  @Test
  void aMissingATwiceAndAChangedLineAreEachReported() throws Exception {
    Path log = log("0\t0\t1\ta\n1\t0\t1\ta\n2\t1\t1\tB\n");
    AckCheck.Result result = AckCheck.check(4, log, List.of(
        new AcksFile.Ack(0, 0, 1, "a"), new AcksFile.Ack(2, 1, 1, "b"), new AcksFile.Ack(9, 2, 7, "gone")));
    assertEquals(3, result.problems().size(), result.problems().toString());
    assertTrue(result.problems().get(0).contains("present 2 times"));
    assertTrue(result.problems().get(1).contains("other text"));
    assertTrue(result.problems().get(2).contains("replica-4") && result.problems().get(2).contains("missing"));
  }

  @Test
  void aLineInAnotherSlotThanItsAcknowledgementNamedIsReported() throws Exception {
    Path log = log("0\t0\t1\ta\n1\tNOOP\n2\t0\t2\tb\n");
    AckCheck.Result result = AckCheck.check(0, log, List.of(new AcksFile.Ack(1, 0, 2, "b")));
    assertEquals(1, result.problems().size(), result.problems().toString());
    assertTrue(result.problems().get(0).contains("is in slot 2, acknowledged in slot 1"), result.problems().toString());
  }

  /** A replica log of one-line slots: each body gets its checksum and end-of-slot mark. */
  private Path log(String bodies) throws Exception {
    Path file = dir.resolve("replica-0.log");
    StringBuilder text = new StringBuilder();
    for (String body : bodies.split("\n")) {
      text.append(LogDirs.lastLine(body)).append('\n');
    }
    Files.writeString(file, text.toString());
    return file;
  }
}
