package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/web} refuses what cannot run with one line and exit 2, before it starts anything. */
class WebCommandTest {

  @TempDir
  Path dir;

  private record Run(int exitCode, String err) {}

  private static Run web(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = WebCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, err.toString(StandardCharsets.UTF_8));
  }

  private static void assertRefused(Run run, String fragment) {
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("web: "), run.err());
    assertTrue(run.err().contains(fragment), run.err());
    assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
    assertFalse(run.err().contains("Exception"), run.err());
  }

  @Test
  void badUsageAndConfigsAreOneLine() throws Exception {
    assertRefused(web("--config", "conf/cluster-f1.conf", "--id", "3"), "has gateways 0..0");
    assertRefused(web("--config", "conf/cluster-f1.conf", "--port", "70000"), "--port must be in 0..65535");
    Path none = dir.resolve("none.conf");
    Files.writeString(none, "f = 1\nreplicas = [ { id = 0, host = \"127.0.0.1\", port = 1 },"
        + " { id = 1, host = \"127.0.0.1\", port = 2 }, { id = 2, host = \"127.0.0.1\", port = 3 } ]\n"
        + "clients = [ { id = 0, host = \"127.0.0.1\", port = 4 } ]\n");
    assertRefused(web("--config", none.toString()), "lists no gateways");
    Path overlap = dir.resolve("overlap.conf");
    Files.writeString(overlap, Files.readString(none)
        + "gateways = [ { id = 0, host = \"127.0.0.1\", port = 5, http-port = 6, client-ids = [0, 10] } ]\n");
    assertRefused(web("--config", overlap.toString()), "overlap the clients' ids");
    assertRefused(web("--config", dir.resolve("missing.conf").toString()), "no such file");
    assertRefused(web("--nonsense"), "Unknown option");
  }
}
