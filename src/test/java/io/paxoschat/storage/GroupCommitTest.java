package io.paxoschat.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Durable, then tell: what arrives while a batch is made durable goes together in the next one. */
class GroupCommitTest {

  private static final long BOUND_SECONDS = 10;

  @Test
  void itemsQueuedDuringAnFsyncShareTheNextOneAndTheOwnerHearsTheLastOfEachBatch() throws Exception {
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    CountDownLatch firstBatchStarted = new CountDownLatch(1);
    CountDownLatch firstBatchMayEnd = new CountDownLatch(1);
    BlockingQueue<Integer> durable = new LinkedBlockingQueue<>();
    GroupCommit<Integer> commit = new GroupCommit<>("test", items -> {
      batches.add(List.copyOf(items));
      if (batches.size() == 1) {
        firstBatchStarted.countDown();
        await(firstBatchMayEnd);
      }
    }, 100);
    commit.start("group-commit-test", durable::add, e -> { });

    commit.submit(1);
    assertTrue(firstBatchStarted.await(BOUND_SECONDS, TimeUnit.SECONDS));
    commit.submit(2);
    commit.submit(3);
    firstBatchMayEnd.countDown();

    assertEquals(1, durable.poll(BOUND_SECONDS, TimeUnit.SECONDS));
    assertEquals(3, durable.poll(BOUND_SECONDS, TimeUnit.SECONDS));
    assertEquals(List.of(List.of(1), List.of(2, 3)), batches);
    commit.stop();
  }

  @Test
  void stopMakesEverythingQueuedDurableFirst() {
    List<Integer> written = new CopyOnWriteArrayList<>();
    GroupCommit<Integer> commit = new GroupCommit<>("test", written::addAll, 100);
    commit.submit(1); // before the start: waits for it
    commit.start("group-commit-test", item -> { }, e -> { });
    commit.submit(2);
    commit.stop();
    assertEquals(List.of(1, 2), written);
  }

  @Test
  void aFailureIsReportedOnceAndNothingAfterItBecomesDurable() throws Exception {
    BlockingQueue<Exception> failures = new LinkedBlockingQueue<>();
    List<Integer> durable = new CopyOnWriteArrayList<>();
    GroupCommit<Integer> commit = new GroupCommit<>("test", items -> {
      throw new IOException("disk full");
    }, 100);
    commit.start("group-commit-test", durable::add, failures::add);
    commit.submit(1);
    assertEquals("disk full", failures.poll(BOUND_SECONDS, TimeUnit.SECONDS).getMessage());
    commit.submit(2);
    commit.stop();
    assertEquals(List.of(), durable);
    assertTrue(failures.isEmpty());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(BOUND_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
