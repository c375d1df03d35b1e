package io.paxoschat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to bin/nemesis: one line and exit 2, before any process starts. */
class NemesisCommandTest {

  @TempDir Path dir;

  @Test
  void replicasHaveSettledOnlyOnceTheyAgreeAndHaveExecutedEveryAcknowledgedSlot() {
    // All three restarted from their chat logs (1,630 slots) while lines of slots 1,630 and 1,631
    // had been acknowledged: those are in the acceptor logs, and not settled until a leader
    // decides them again.
    assertEquals(OptionalLong.empty(),
        NemesisCommand.agreedPast(List.of(Optional.of(1630L), Optional.of(1630L), Optional.of(1630L)), 1632));
    assertEquals(OptionalLong.of(1632),
        NemesisCommand.agreedPast(List.of(Optional.of(1632L), Optional.of(1632L), Optional.of(1632L)), 1632));
    assertEquals(OptionalLong.empty(),
        NemesisCommand.agreedPast(List.of(Optional.of(1632L), Optional.of(1640L), Optional.of(1632L)), 1632));
    assertEquals(OptionalLong.empty(),
        NemesisCommand.agreedPast(List.of(Optional.of(1632L), Optional.empty(), Optional.of(1632L)), 1632));
    assertEquals(OptionalLong.of(0), NemesisCommand.agreedPast(List.of(Optional.of(0L), Optional.of(0L)), 0));
  }

  @Test
  void anUnknownFaultIsOneLineAndExit2() throws Exception {
    assertBadInput("--faults: unknown fault 'flood'", "--faults", "kill,flood");
  }

  @Test
  void aDurationThatIsNotPositiveIsOneLineAndExit2() throws Exception {
    assertBadInput("must be positive", "--duration", "0");
  }

  @Test
  void aRateBelowOneIsOneLineAndExit2() throws Exception {
    assertBadInput("--rate must be at least 1", "--rate", "0");
  }

  @Test
  void aMissingConfigIsOneLineAndExit2() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = NemesisCommand.execute(new String[] {"--config", dir.resolve("none.conf").toString(),
        "--logs", dir.resolve("logs").toString()}, new PrintStream(out), new PrintStream(err));
    assertEquals(2, exit);
    assertEquals(1, err.toString(StandardCharsets.UTF_8).lines().count(), err.toString(StandardCharsets.UTF_8));
  }

  private void assertBadInput(String expected, String... args) throws Exception {
    Path config = dir.resolve("cluster.conf");
    Files.writeString(config, io.paxoschat.remote.FreePorts.clusterFile(1, ""));
    String[] all = new String[args.length + 4];
    all[0] = "--config";
    all[1] = config.toString();
    all[2] = "--logs";
    all[3] = dir.resolve("logs").toString();
    System.arraycopy(args, 0, all, 4, args.length);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = NemesisCommand.execute(all, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, exit, text);
    assertTrue(text.contains(expected), text);
    assertEquals(1, text.lines().count(), text);
  }
}
