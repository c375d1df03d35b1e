package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's shape, not its figures: every hot message in every format, (bad input: BenchCommandsTest). */
class BenchWireCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int run(String... args) {
    return CommandLines.create(new BenchWireCommand(new PrintStream(out, true, StandardCharsets.UTF_8)),
        System.out, System.err).execute(args);
  }

  @Test
  void printsBytesAndRatesOfEveryFormatForEveryHotMessage() {
    assertEquals(0, run("--runs", "1", "--millis", "1"));
    List<String> rows = out.toString(StandardCharsets.UTF_8).lines().skip(2).toList();
    assertEquals(15, rows.size(), out.toString(StandardCharsets.UTF_8));
    assertTrue(rows.get(3).startsWith("the same Accept again"), rows.get(3));
    for (int message = 0; message < 5; message++) {
      List<String> formats = rows.subList(3 * message, 3 * message + 3);
      assertTrue(formats.get(0).contains("paxos-wire (byte[])"), formats.get(0));
      assertTrue(formats.get(1).contains("paxos-wire (ByteBuffer, as Artery)"), formats.get(1));
      assertTrue(formats.get(2).contains("jackson-cbor"), formats.get(2));
      long wire = bytes(formats.get(0));
      assertEquals(wire, bytes(formats.get(1)), "both paths write the same format");
      assertTrue(wire < bytes(formats.get(2)), "the wire format is smaller than CBOR: " + formats);
    }
  }

  /** The bytes column: the second number from the right. */
  private static long bytes(String row) {
    String[] cells = row.trim().split("\\s+");
    return Long.parseLong(cells[cells.length - 2]);
  }
}
