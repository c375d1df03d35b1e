package io.paxoschat.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientStatusTest {

  private static final long LONG = TimeUnit.SECONDS.toNanos(30);

  @Test
  void aWaiterWakesWhenTheActorChangesTheStatus() throws Exception {
    ClientStatus status = new ClientStatus(0, 2);
    CompletableFuture<Boolean> done = CompletableFuture.supplyAsync(() -> {
      try {
        return status.awaitUntil(() -> status.joined() && status.done(), System.nanoTime() + LONG);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    status.joined(1);
    status.update(1, 0);
    assertFalse(done.isDone() && done.get(), "one of two lines acknowledged is not done");
    status.update(2, 0);
    assertTrue(done.get(LONG, TimeUnit.NANOSECONDS));
  }

  @Test
  void onlyChangesWorthWaitingForCount() throws Exception {
    ClientStatus status = new ClientStatus(0, 3);
    long seen = status.version();
    status.update(0, 5); // retries only
    assertEquals(seen, status.version());
    status.update(1, 5);
    status.closed();
    status.closed();
    status.superseded();
    assertEquals(seen + 3, status.version());
    // A change made before the wait began is not missed: the wait returns at once.
    assertEquals(seen + 3, status.awaitChange(seen, System.nanoTime() + LONG));
  }

  @Test
  void aWarmUpLongerThanTheLinesIsRefused() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ClientStatus(0, 3, false, 4));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ClientStatus(0, 3, false, -1));
    assertEquals(3, new ClientStatus(0, 3, false, 3).untimed());
  }

  @Test
  void aWaitWithNoChangeEndsAtItsDeadline() throws Exception {
    ClientStatus status = new ClientStatus(0, 1);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    assertFalse(status.awaitUntil(status::done, deadline));
    assertTrue(System.nanoTime() - deadline >= 0);
  }
}
