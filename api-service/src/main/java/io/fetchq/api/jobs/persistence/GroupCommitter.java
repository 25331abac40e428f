package io.fetchq.api.jobs.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers hand over one item each and wait; a few committer threads take whatever has
 * queued up (at most {@code maxGroup} items) and write it in one transaction. Nothing waits to fill
 * a group: an idle committer takes the first item at once, so a lone caller pays one hand-over, and
 * under load the items that arrive during one commit form the next group, so transactions, commit
 * round trips and WAL flushes are shared by as many callers as are waiting.
 *
 * <p>Each caller still succeeds or fails on its own: when a group's transaction fails, every item
 * of it is written again in a transaction of its own, and only the items that fail alone report it.
 * The transaction that failed was rolled back as a whole, so no item is written twice (an id that
 * exists makes its item fail, not duplicate).
 *
 * <p>{@link #close} stops taking items, writes what is queued, and fails whatever arrives after
 * that.
 *
 * @param <T> what one caller writes
 */
final class GroupCommitter<T> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

  /** How often an idle committer looks whether it was closed. */
  private static final Duration IDLE_CHECK = Duration.ofMillis(100);

  private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final Consumer<List<T>> writeAll;
  private final int maxGroup;
  private final IntConsumer groupSizes;
  private final List<Thread> committers;
  private volatile boolean closed;

  /**
   * @param name the committer threads' name prefix
   * @param committers how many groups may be in flight at once
   * @param maxGroup the most items one transaction writes
   * @param writeAll writes the items in one transaction, committed when it returns normally
   * @param groupSizes told the size of every group that committed
   */
  GroupCommitter(
      String name,
      int committers,
      int maxGroup,
      Consumer<List<T>> writeAll,
      IntConsumer groupSizes) {
    if (committers < 1 || maxGroup < 1) {
      throw new IllegalArgumentException("committers and maxGroup must be at least 1");
    }
    this.writeAll = Objects.requireNonNull(writeAll, "writeAll");
    this.maxGroup = maxGroup;
    this.groupSizes = Objects.requireNonNull(groupSizes, "groupSizes");
    List<Thread> threads = new ArrayList<>(committers);
    for (int i = 0; i < committers; i++) {
      threads.add(Thread.ofPlatform().name(name + "-" + i).daemon().start(this::run));
    }
    this.committers = List.copyOf(threads);
  }

  /**
   * Writes {@code item} in some group's transaction and returns once that committed.
   *
   * @throws RuntimeException the failure of writing {@code item}, or {@link IllegalStateException}
   *     once closed
   */
  void commit(T item) {
    if (closed) {
      throw closedException();
    }
    Pending<T> pending = new Pending<>(item);
    queue.add(pending);
    waiting.incrementAndGet(); // after the add: a count that includes it means it is queued
    try {
      pending.await();
    } finally {
      waiting.decrementAndGet();
    }
  }

  /** How many callers wait in {@link #commit} now: queued, or in a group being written. */
  int waiting() {
    return waiting.get();
  }

  /** Stops taking items, writes the queued ones, and waits for the committers to finish. */
  @Override
  public void close() {
    closed = true;
    for (Thread committer : committers) {
      try {
        committer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    // whatever was queued after the committers' last look
    for (Pending<T> late = queue.poll(); late != null; late = queue.poll()) {
      late.fail(closedException());
    }
  }

  private void run() {
    List<Pending<T>> group = new ArrayList<>(maxGroup);
    while (true) {
      Pending<T> first;
      try {
        first = closed ? queue.poll() : queue.poll(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        first = queue.poll();
      }
      if (first == null) {
        if (closed || Thread.currentThread().isInterrupted()) {
          return;
        }
        continue;
      }
      group.add(first);
      queue.drainTo(group, maxGroup - 1);
      write(group);
      group.clear();
    }
  }

  private void write(List<Pending<T>> group) {
    List<T> items = new ArrayList<>(group.size());
    group.forEach(pending -> items.add(pending.item));
    try {
      writeAll.accept(items);
    } catch (RuntimeException | Error e) {
      if (group.size() == 1) {
        group.getFirst().fail(e);
        return;
      }
      log.warn(
          "group commit of {} items failed ({}); writing each on its own",
          group.size(),
          e.getClass().getSimpleName());
      group.forEach(this::writeAlone);
      return;
    }
    groupSizes.accept(group.size());
    group.forEach(Pending::done);
  }

  private void writeAlone(Pending<T> pending) {
    try {
      writeAll.accept(List.of(pending.item));
    } catch (RuntimeException | Error e) {
      pending.fail(e);
      return;
    }
    groupSizes.accept(1);
    pending.done();
  }

  private static IllegalStateException closedException() {
    return new IllegalStateException("not accepting writes: shutting down");
  }

  /** One caller's item and the future it waits on. */
  private static final class Pending<T> {
    private final T item;
    private final CompletableFuture<Void> written = new CompletableFuture<>();

    Pending(T item) {
      this.item = item;
    }

    void done() {
      written.complete(null);
    }

    void fail(Throwable failure) {
      written.completeExceptionally(failure);
    }

    /** Waits, not interruptibly: an item handed over is written or failed, never abandoned. */
    void await() {
      try {
        written.join();
      } catch (CompletionException e) {
        switch (e.getCause()) {
          case RuntimeException runtime -> throw runtime;
          case Error error -> throw error;
          default -> throw e;
        }
      }
    }
  }
}
