package io.paxoschat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwaitTest {

  private static final Duration LONG = Duration.ofSeconds(30);

  @Test
  void holdsOnceTheConditionDoesAndAsksItNoMoreAfterwards() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    assertTrue(Await.until(() -> asked.incrementAndGet() == 3, LONG, Duration.ofMillis(1)));
    assertEquals(3, asked.get());
  }

  @Test
  void givesUpAtTheBound() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    long start = System.nanoTime();
    assertFalse(Await.until(() -> asked.incrementAndGet() < 0, Duration.ofMillis(200), Duration.ofMillis(10)));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200));
    int atReturn = asked.get();
    assertTrue(atReturn >= 1, "asked at least once, at the start");
    // The bound is enforced on the asking thread: nothing asks after the wait returned.
    assertFalse(Await.until(() -> false, Duration.ofMillis(50)));
    assertEquals(atReturn, asked.get());
  }

  @Test
  void aFailingConditionEndsTheWaitWithItsException() {
    IllegalStateException failure = new IllegalStateException("unreadable state file");
    assertSame(failure, assertThrows(IllegalStateException.class, () -> Await.until(() -> {
      throw failure;
    }, LONG)));
  }

  @Test
  void aFileMadeWhileWaitingIsSeenWithoutWaitingForTheNextCheck(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("start");
    CompletableFuture<Boolean> appeared = CompletableFuture.supplyAsync(() -> {
      try {
        // One check at the start, the next an hour later: only the watch can see the file in time.
        return Await.fileExists(file, LONG, Duration.ofHours(1));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    // Made once the watch is on, so the check at the start cannot be what sees it.
    assertTrue(Await.until(() -> Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("await-watch")), LONG, Duration.ofMillis(5)));
    Files.writeString(file, "go");
    assertTrue(appeared.get(LONG.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void aFileThereAlreadyIsSeenAtOnce(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("start"), "go");
    assertTrue(Await.fileExists(file, LONG, Duration.ofHours(1)));
    assertFalse(Await.fileExists(dir.resolve("never"), Duration.ofMillis(100), Duration.ofMillis(10)));
  }
}
