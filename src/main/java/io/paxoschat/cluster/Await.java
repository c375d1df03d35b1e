package io.paxoschat.cluster;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits, with a bound, for a condition on state that another process owns: its state file, pid
 * file, chat log or HTTP status. Nothing in this process is told when such state changes, so the
 * condition is checked on a schedule; this is the one place that does it. A condition on this
 * process's own state is waited for on a signal from its owner instead (a future, a monitor).
 *
 * <p>Each wait checks its condition on a thread of its own, at once and then every {@code every}
 * (so a condition with a clock of its own, such as "agreed for 3 s", is asked from one thread
 * only), and the bound is enforced on that same thread: once the wait returns, the condition is
 * not asked again.
 */
public final class Await {

  /** How often a condition is asked unless the caller says otherwise. */
  public static final Duration EVERY = Duration.ofMillis(50);

  private Await() {}

  /** True as soon as {@code condition} holds; false once {@code bound} passed without it. */
  public static boolean until(BooleanSupplier condition, Duration bound) throws InterruptedException {
    return until(condition, bound, EVERY);
  }

  /** As above, asking every {@code every}. */
  public static boolean until(BooleanSupplier condition, Duration bound, Duration every)
      throws InterruptedException {
    return until(condition, bound, every, null);
  }

  /**
   * True as soon as {@code file} exists; false once {@code bound} passed. A watch on its
   * directory asks at once when something appears there (inotify on Linux); the scheduled check
   * stays as the backstop, for file systems whose watch service only polls, and for a file made
   * before the watch began.
   */
  public static boolean fileExists(Path file, Duration bound, Duration every) throws InterruptedException {
    Path dir = file.toAbsolutePath().getParent();
    WatchService watch = null;
    try {
      watch = dir.getFileSystem().newWatchService();
      dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    } catch (IOException | UnsupportedOperationException e) {
      closeQuietly(watch);
      watch = null; // the scheduled check alone
    }
    try {
      return until(() -> Files.exists(file), bound, every, watch);
    } finally {
      closeQuietly(watch);
    }
  }

  private static boolean until(BooleanSupplier condition, Duration bound, Duration every, WatchService watch)
      throws InterruptedException {
    ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "await");
      thread.setDaemon(true);
      return thread;
    });
    CompletableFuture<Boolean> outcome = new CompletableFuture<>();
    Runnable check = () -> {
      if (outcome.isDone()) {
        return;
      }
      try {
        if (condition.getAsBoolean()) {
          outcome.complete(true);
        }
      } catch (RuntimeException e) {
        outcome.completeExceptionally(e);
      }
    };
    Thread watcher = null;
    try {
      checker.scheduleWithFixedDelay(check, 0, every.toNanos(), TimeUnit.NANOSECONDS);
      checker.schedule(() -> outcome.complete(false), bound.toNanos(), TimeUnit.NANOSECONDS);
      if (watch != null) {
        watcher = new Thread(() -> relayEvents(watch, checker, check), "await-watch");
        watcher.setDaemon(true);
        watcher.start();
      }
      return outcome.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } finally {
      checker.shutdownNow();
      if (watcher != null) {
        watcher.interrupt();
      }
    }
  }

  /** Every event in the watched directory asks the condition again, on the checker's thread. */
  private static void relayEvents(WatchService watch, ScheduledExecutorService checker, Runnable check) {
    try {
      while (true) {
        var key = watch.take();
        key.pollEvents();
        key.reset();
        checker.execute(check);
      }
    } catch (InterruptedException | ClosedWatchServiceException | java.util.concurrent.RejectedExecutionException e) {
      // The wait is over.
    }
  }

  private static void closeQuietly(WatchService watch) {
    if (watch != null) {
      try {
        watch.close();
      } catch (IOException e) {
        // Nothing more to release.
      }
    }
  }
}
