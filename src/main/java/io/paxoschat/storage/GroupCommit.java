package io.paxoschat.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable, then tell: the one way a replica makes something durable before it lets the answer
 * that depends on it go. The owner (an actor) hands items to {@link #submit}, which only queues
 * them. A thread of its own, never a dispatcher thread, takes everything queued, makes it durable
 * in one go (one fsync for the whole batch), then tells the owner the last item it made durable:
 * the owner releases every answer that waited for that item or an earlier one. One fsync serves
 * every item that arrived while the previous one ran.
 *
 * @param <T> what the owner hands over: a record to write, or a mark up to which a file must be synced
 */
public final class GroupCommit<T> {

  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
  private static final long STOP_BOUND_SECONDS = 10;

  /** Makes a batch of items durable, in order, on the group commit's thread. */
  @FunctionalInterface
  public interface Batch<T> {
    void makeDurable(List<T> items) throws IOException;
  }

  /** Queued after the last item by {@link #stop}: everything before it is made durable, then the thread ends. */
  private static final Object STOP = new Object();

  private final String name;
  private final Batch<T> batch;
  private final int maxBatch;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile boolean crashed;
  private Thread thread;

  /**
   * @param name names the thread and the log lines about it
   * @param maxBatch the most items made durable in one go
   */
  public GroupCommit(String name, Batch<T> batch, int maxBatch) {
    this.name = name;
    this.batch = batch;
    this.maxBatch = maxBatch;
  }

  /**
   * Starts the thread. {@code onDurable} is called from it with the last item of each batch made
   * durable (every earlier item is durable too); {@code onFailure} once if making a batch durable
   * fails, after which nothing more becomes durable. Items submitted before the start wait for it.
   */
  public synchronized void start(String threadName, Consumer<T> onDurable, Consumer<Exception> onFailure) {
    if (thread != null) {
      throw new IllegalStateException(name + ": already started");
    }
    thread = new Thread(() -> run(onDurable, onFailure), threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code item}; called by the owner only. */
  public void submit(T item) {
    queue.add(item);
  }

  /** Makes everything queued durable, then ends the thread (waiting a bounded time for it). */
  public void stop() {
    queue.add(STOP);
    join();
  }

  /**
   * Like a crash: whatever is queued and not yet made durable is dropped (its answers never left),
   * and the thread ends after the batch it may be running.
   */
  public void crash() {
    crashed = true;
    queue.clear();
    queue.add(STOP);
    join();
  }

  private synchronized void join() {
    if (thread == null) {
      return;
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(STOP_BOUND_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.error("{}: did not stop within {} s", name, STOP_BOUND_SECONDS);
    }
  }

  @SuppressWarnings("unchecked")
  private void run(Consumer<T> onDurable, Consumer<Exception> onFailure) {
    List<Object> taken = new ArrayList<>();
    List<T> items = new ArrayList<>();
    try {
      while (true) {
        taken.clear();
        taken.add(queue.take());
        queue.drainTo(taken, maxBatch - 1);
        if (crashed) {
          return;
        }
        items.clear();
        boolean stop = false;
        for (Object item : taken) {
          if (item == STOP) {
            stop = true;
            break;
          }
          items.add((T) item);
        }
        if (!items.isEmpty()) {
          batch.makeDurable(items);
          onDurable.accept(items.get(items.size() - 1));
        }
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      if (!crashed) {
        onFailure.accept(e);
      }
    }
  }
}
