package io.fetchq.api.ratelimit.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CoalescingCallsTest {

  /** A many-item call whose replies the test completes; records what each call carried. */
  private static final class HeldCalls
      implements Function<List<Integer>, CompletionStage<List<String>>> {
    final List<List<Integer>> calls = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<List<String>>> replies = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<List<String>> apply(List<Integer> items) {
      calls.add(List.copyOf(items));
      threads.add(Thread.currentThread());
      CompletableFuture<List<String>> reply = new CompletableFuture<>();
      replies.add(reply);
      return reply;
    }

    void answer(int call) {
      List<String> results = new ArrayList<>();
      for (Integer item : calls.get(call)) {
        results.add("r" + item);
      }
      replies.get(call).complete(results);
    }
  }

  private final HeldCalls held = new HeldCalls();
  private final List<Integer> groups = new CopyOnWriteArrayList<>();

  @Test
  void sendsALoneItemAtOnceFromTheCallersThread() throws Exception {
    CoalescingCalls<Integer, String> calls = new CoalescingCalls<>(held, 1, 64, groups::add);

    CompletableFuture<String> result = calls.submit(7);

    assertThat(held.calls).containsExactly(List.of(7));
    assertThat(held.threads).containsExactly(Thread.currentThread());
    assertThat(result).isNotDone();
    held.answer(0);
    assertThat(result.get()).isEqualTo("r7");
    assertThat(groups).containsExactly(1);
  }

  @Test
  void itemsArrivingWhileTheLimitIsReachedRideTogetherInTheNextCall() throws Exception {
    CoalescingCalls<Integer, String> calls = new CoalescingCalls<>(held, 1, 64, groups::add);
    CompletableFuture<String> first = calls.submit(0);
    List<CompletableFuture<String>> waiting = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      waiting.add(calls.submit(i));
    }
    assertThat(held.calls).hasSize(1);

    held.answer(0);

    assertThat(first.get()).isEqualTo("r0");
    assertThat(held.calls).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5));
    assertThat(waiting).noneMatch(CompletableFuture::isDone);
    held.answer(1);
    for (int i = 0; i < 5; i++) {
      assertThat(waiting.get(i).get()).isEqualTo("r" + (i + 1));
    }
    assertThat(groups).containsExactly(1, 5);
  }

  @Test
  void aCallCarriesAtMostMaxGroupItems() {
    CoalescingCalls<Integer, String> calls = new CoalescingCalls<>(held, 1, 2, groups::add);
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      results.add(calls.submit(i));
    }

    for (int call = 0; call < 4; call++) {
      held.answer(call);
    }

    assertThat(held.calls).containsExactly(List.of(0), List.of(1, 2), List.of(3, 4), List.of(5));
    assertThat(results).allMatch(r -> r.isDone() && !r.isCompletedExceptionally());
  }

  @Test
  void upToMaxInFlightCallsAreOutstandingAtOnce() {
    CoalescingCalls<Integer, String> calls = new CoalescingCalls<>(held, 2, 64, groups::add);

    calls.submit(1);
    calls.submit(2);
    calls.submit(3);
    calls.submit(4);

    assertThat(held.calls).containsExactly(List.of(1), List.of(2));
    held.answer(1);
    assertThat(held.calls).containsExactly(List.of(1), List.of(2), List.of(3, 4));
  }

  @Test
  void aFailedCallFailsItsItemsAndTheNextItemsStillGo() throws Exception {
    CoalescingCalls<Integer, String> calls = new CoalescingCalls<>(held, 1, 64, groups::add);
    CompletableFuture<String> failing = calls.submit(1);
    CompletableFuture<String> next = calls.submit(2);

    held.replies.get(0).completeExceptionally(new IllegalStateException("redis down"));

    assertThatThrownBy(failing::get)
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("redis down");
    assertThat(held.calls).containsExactly(List.of(1), List.of(2));
    held.answer(1);
    assertThat(next.get()).isEqualTo("r2");
  }

  @Test
  void aCallThatThrowsFailsItsItemsAndFreesItsSlot() throws Exception {
    List<List<Integer>> seen = new CopyOnWriteArrayList<>();
    CoalescingCalls<Integer, String> calls =
        new CoalescingCalls<>(
            items -> {
              seen.add(List.copyOf(items));
              if (items.contains(1)) {
                throw new IllegalArgumentException("cannot send");
              }
              return CompletableFuture.completedFuture(List.of("ok"));
            },
            1,
            64,
            groups::add);

    assertThatThrownBy(() -> calls.submit(1).get()).hasRootCauseMessage("cannot send");
    assertThat(calls.submit(2).get()).isEqualTo("ok");
    assertThat(seen).containsExactly(List.of(1), List.of(2));
  }

  @Test
  void aReplyWithTheWrongNumberOfResultsFailsEveryItemOfIt() {
    CoalescingCalls<Integer, String> calls = new CoalescingCalls<>(held, 1, 64, groups::add);
    calls.submit(0);
    CompletableFuture<String> a = calls.submit(1);
    CompletableFuture<String> b = calls.submit(2);
    held.answer(0);

    held.replies.get(1).complete(List.of("only one"));

    assertThatThrownBy(a::get).hasRootCauseMessage("expected 2 results, got 1");
    assertThatThrownBy(b::get).hasRootCauseMessage("expected 2 results, got 1");
  }

  @Test
  void manyConcurrentCallersEachGetTheirOwnResult() throws Exception {
    ExecutorService replier = Executors.newSingleThreadExecutor();
    try {
      CoalescingCalls<Integer, String> calls =
          new CoalescingCalls<>(
              items ->
                  CompletableFuture.supplyAsync(
                      () -> {
                        List<String> results = new ArrayList<>();
                        for (Integer item : items) {
                          results.add("r" + item);
                        }
                        return results;
                      },
                      replier),
              2,
              16,
              groups::add);
      List<Future<Boolean>> callers = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
        for (int c = 0; c < 8; c++) {
          int caller = c;
          callers.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 2_000; i++) {
                      int item = caller * 10_000 + i;
                      if (!calls.submit(item).get(10, TimeUnit.SECONDS).equals("r" + item)) {
                        return false;
                      }
                    }
                    return true;
                  }));
        }
      }
      for (Future<Boolean> caller : callers) {
        assertThat(caller.get()).isTrue();
      }
      assertThat(groups.stream().mapToInt(Integer::intValue).sum()).isEqualTo(16_000);
      assertThat(groups).allMatch(size -> size >= 1 && size <= 16);
    } finally {
      replier.shutdownNow();
    }
  }

  @Test
  void anItemCancelledWhileQueuedIsNotSent() throws Exception {
    CoalescingCalls<Integer, String> calls = new CoalescingCalls<>(held, 1, 64, groups::add);
    calls.submit(0);
    CompletableFuture<String> gaveUp = calls.submit(1);
    CompletableFuture<String> waits = calls.submit(2);

    gaveUp.cancel(false);
    held.answer(0);

    assertThat(held.calls).containsExactly(List.of(0), List.of(2));
    held.answer(1);
    assertThat(waits.get()).isEqualTo("r2");
  }

  @Test
  void refusesLimitsBelowOne() {
    assertThatThrownBy(() -> new CoalescingCalls<>(held, 0, 1, groups::add))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CoalescingCalls<>(held, 1, 0, groups::add))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
