package io.fetchq.api.ratelimit.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Turns many concurrent one-item calls into few many-item calls, without a thread of its own and
 * without waiting to fill a group: at most {@code maxInFlight} calls are outstanding; an item that
 * arrives while fewer are goes out at once (from the caller's thread), and the items that arrive
 * while the limit is reached ride together in the next call, sent when one completes (from the
 * thread that completes it). Under no load this is one call per item; under load it is one call per
 * {@code maxGroup} items at most, and each item waits for at most the calls in flight when it
 * arrived plus its own.
 *
 * <p>An item whose future is cancelled before its call is sent (its caller gave up waiting) is
 * dropped from the queue unsent.
 *
 * <p>The many-item call must answer with one result per item, in order; if it fails, or answers
 * with the wrong number of results, every item of that call fails with its error.
 *
 * @param <I> an item
 * @param <O> an item's result
 */
final class CoalescingCalls<I, O> {

  private record Pending<I, O>(I item, CompletableFuture<O> result) {}

  private final Function<List<I>, CompletionStage<List<O>>> call;
  private final int maxInFlight;
  private final int maxGroup;
  private final IntConsumer groupSizes;
  private final ConcurrentLinkedQueue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param call sends items together and answers with their results in the same order
   * @param maxInFlight how many calls may be outstanding at once (at least 1)
   * @param maxGroup how many items one call carries at most (at least 1)
   * @param groupSizes told the size of every call sent
   */
  CoalescingCalls(
      Function<List<I>, CompletionStage<List<O>>> call,
      int maxInFlight,
      int maxGroup,
      IntConsumer groupSizes) {
    if (maxInFlight < 1 || maxGroup < 1) {
      throw new IllegalArgumentException("maxInFlight and maxGroup must be at least 1");
    }
    this.call = Objects.requireNonNull(call, "call");
    this.maxInFlight = maxInFlight;
    this.maxGroup = maxGroup;
    this.groupSizes = Objects.requireNonNull(groupSizes, "groupSizes");
  }

  /**
   * Queues {@code item} for the next call; the future completes with its result. Cancelling it
   * before the call is sent leaves the item out.
   */
  CompletableFuture<O> submit(I item) {
    Pending<I, O> pending = new Pending<>(item, new CompletableFuture<>());
    queue.add(pending);
    dispatch();
    return pending.result();
  }

  /**
   * Sends what is queued while fewer than {@code maxInFlight} calls are outstanding. Every path
   * that could leave an item queued (a submit that found the limit reached, a call completing) ends
   * here after its change, so no item waits without a call on its way.
   */
  private void dispatch() {
    while (!queue.isEmpty()) {
      int outstanding = inFlight.get();
      if (outstanding >= maxInFlight) {
        return;
      }
      if (!inFlight.compareAndSet(outstanding, outstanding + 1)) {
        continue;
      }
      List<Pending<I, O>> group = new ArrayList<>(Math.min(maxGroup, 16));
      Pending<I, O> next;
      while (group.size() < maxGroup && (next = queue.poll()) != null) {
        if (!next.result().isDone()) { // a caller that gave up cancelled it: not sent
          group.add(next);
        }
      }
      if (group.isEmpty()) {
        inFlight.decrementAndGet();
      } else {
        send(group);
      }
    }
  }

  private void send(List<Pending<I, O>> group) {
    groupSizes.accept(group.size());
    List<I> items = new ArrayList<>(group.size());
    for (Pending<I, O> pending : group) {
      items.add(pending.item());
    }
    CompletionStage<List<O>> reply;
    try {
      reply = call.apply(items);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete(
        (results, error) -> {
          inFlight.decrementAndGet();
          dispatch();
          complete(group, results, error);
        });
  }

  private void complete(List<Pending<I, O>> group, List<O> results, Throwable error) {
    Throwable failure = error;
    if (failure == null && (results == null || results.size() != group.size())) {
      failure =
          new IllegalStateException(
              "expected "
                  + group.size()
                  + " results, got "
                  + (results == null ? "none" : results.size()));
    }
    for (int i = 0; i < group.size(); i++) {
      if (failure == null) {
        group.get(i).result().complete(results.get(i));
      } else {
        group.get(i).result().completeExceptionally(failure);
      }
    }
  }
}
