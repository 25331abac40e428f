package io.fetchq.worker.fetch.messaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Per-host concurrency limit with a small bounded waiting queue per host. Not thread-safe: owned by
 * the consumer loop's thread. A host's entry disappears when it has nothing running and nothing
 * waiting, so memory follows the hosts in use.
 *
 * @param <T> what waits
 */
final class HostGate<T> {

  private final int maxPerHost;
  private final int queueCapacity;
  private final Map<String, Integer> running = new HashMap<>();
  private final Map<String, ArrayDeque<T>> waiting = new HashMap<>();

  HostGate(int maxPerHost, int queueCapacity) {
    if (maxPerHost < 1) {
      throw new IllegalArgumentException("maxPerHost must be >= 1");
    }
    if (queueCapacity < 0) {
      throw new IllegalArgumentException("queueCapacity must be >= 0");
    }
    this.maxPerHost = maxPerHost;
    this.queueCapacity = queueCapacity;
  }

  /** Takes one of {@code host}'s slots when one is free. */
  boolean tryAcquire(String host) {
    int now = running.getOrDefault(host, 0);
    if (now >= maxPerHost) {
      return false;
    }
    running.put(host, now + 1);
    return true;
  }

  /** Gives back one of {@code host}'s slots. */
  void release(String host) {
    running.computeIfPresent(host, (h, n) -> n > 1 ? n - 1 : null);
  }

  /** Queues {@code item} for {@code host}; false when the host's queue is full. */
  boolean enqueue(String host, T item) {
    ArrayDeque<T> queue = waiting.computeIfAbsent(host, h -> new ArrayDeque<>());
    if (queue.size() >= queueCapacity) {
      if (queue.isEmpty()) {
        waiting.remove(host);
      }
      return false;
    }
    queue.add(item);
    return true;
  }

  /** The next item waiting for {@code host}, or null. */
  T pollWaiting(String host) {
    ArrayDeque<T> queue = waiting.get(host);
    if (queue == null) {
      return null;
    }
    T next = queue.poll();
    if (queue.isEmpty()) {
      waiting.remove(host);
    }
    return next;
  }

  /** Removes and returns every waiting item matching {@code filter}. */
  List<T> removeWaitingIf(Predicate<T> filter) {
    List<T> removed = new ArrayList<>();
    Iterator<ArrayDeque<T>> queues = waiting.values().iterator();
    while (queues.hasNext()) {
      ArrayDeque<T> queue = queues.next();
      queue.removeIf(
          item -> {
            boolean drop = filter.test(item);
            if (drop) {
              removed.add(item);
            }
            return drop;
          });
      if (queue.isEmpty()) {
        queues.remove();
      }
    }
    return removed;
  }

  /** Slots of {@code host} in use. */
  int running(String host) {
    return running.getOrDefault(host, 0);
  }

  /** Items waiting over all hosts. */
  int waiting() {
    return waiting.values().stream().mapToInt(ArrayDeque::size).sum();
  }
}
