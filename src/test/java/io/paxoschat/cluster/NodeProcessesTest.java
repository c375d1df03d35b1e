package io.paxoschat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeProcessesTest {

  private static final Duration BOUND = Duration.ofSeconds(10);

  /**
   * A process that exited but that its parent has not reaped (here: a shell's background child,
   * after the shell became a {@code sleep} that never waits) has ended: the JDK still calls it
   * alive, and a wait on it would last until the parent or init reaps it. The child exits only
   * once its parent is the {@code sleep}: a shell reaps the children that exit while it still runs.
   */
  @Test
  void aZombieHasEndedAndIsNotOneOfOurs() throws Exception {
    Process parent = new ProcessBuilder("sh", "-c",
        "(while [ \"$(cat /proc/$$/comm)\" != sleep ]; do sleep 0.01; done) & echo $!; exec sleep 60")
        .redirectErrorStream(true).start();
    try {
      long zombiePid;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
        zombiePid = Long.parseLong(out.readLine().strip());
      }
      Path stat = Path.of("/proc", String.valueOf(zombiePid), "stat");
      assertTrue(Await.until(() -> state(stat).equals("Z"), BOUND), "the child became a zombie: " + state(stat));
      ProcessHandle zombie = ProcessHandle.of(zombiePid).orElseThrow();
      assertTrue(zombie.isAlive(), "the JDK counts a zombie alive");

      assertTrue(NodeProcesses.ended(zombie));
      assertEquals(Optional.empty(), NodeProcesses.ours(zombiePid));
      // Nobody reaps it while the sleep runs: the wait ends on the zombie itself.
      assertTrue(NodeProcesses.awaitEnd(zombie, BOUND));
    } finally {
      parent.destroyForcibly().waitFor();
    }
  }

  @Test
  void aRunningProcessHasNotEndedAndOneThatExitedHas() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try {
      assertFalse(NodeProcesses.ended(sleeper.toHandle()));
      assertFalse(NodeProcesses.awaitEnd(sleeper.toHandle(), Duration.ofMillis(100)));
    } finally {
      sleeper.destroyForcibly().waitFor();
    }
    assertTrue(NodeProcesses.ended(sleeper.toHandle()));
    assertTrue(NodeProcesses.awaitEnd(sleeper.toHandle(), BOUND));
  }

  private static String state(Path stat) {
    try {
      String text = Files.readString(stat, StandardCharsets.UTF_8);
      return text.substring(text.lastIndexOf(')') + 1).strip().substring(0, 1);
    } catch (java.io.IOException e) {
      return "gone: " + e;
    }
  }
}
