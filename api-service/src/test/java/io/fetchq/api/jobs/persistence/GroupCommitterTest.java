package io.fetchq.api.jobs.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final List<List<Integer>> committed = new CopyOnWriteArrayList<>();
  private final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
  private final Gate gate = new Gate();
  private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
  private GroupCommitter<Integer> committer;

  @AfterEach
  void stop() {
    if (committer != null) {
      committer.close();
    }
    callers.close();
  }

  private GroupCommitter<Integer> start(int committers, int maxGroup, Consumer<List<Integer>> w) {
    committer = new GroupCommitter<>("test-commit", committers, maxGroup, w, groupSizes::add);
    return committer;
  }

  @Test
  void aLoneCallerIsWrittenAtOnceInAGroupOfItsOwn() {
    start(2, 100, committed::add).commit(7);

    assertThat(committed).containsExactly(List.of(7));
    assertThat(groupSizes).containsExactly(1);
  }

  @Test
  void callersArrivingDuringACommitShareTheNextTransaction() throws Exception {
    start(
        1,
        100,
        items -> {
          if (items.contains(0)) {
            gate.hold(); // the first commit is slow: everyone else queues meanwhile
          }
          committed.add(items);
        });
    List<Future<?>> calls = new ArrayList<>();
    calls.add(callers.submit(() -> committer.commit(0)));
    gate.awaitHeld();
    for (int i = 1; i <= 50; i++) {
      int item = i;
      calls.add(callers.submit(() -> committer.commit(item)));
    }
    // the one being written and the 50 queued behind it
    await().atMost(TIMEOUT).until(() -> committer.waiting() == 51);

    gate.open();
    for (Future<?> call : calls) {
      call.get();
    }

    assertThat(committer.waiting()).isZero();
    assertThat(committed).hasSize(2);
    assertThat(committed.get(0)).containsExactly(0);
    assertThat(committed.get(1)).hasSize(50).doesNotHaveDuplicates().doesNotContain(0);
    assertThat(groupSizes).containsExactly(1, 50);
  }

  @Test
  void aGroupIsNoLargerThanMaxGroup() throws Exception {
    start(
        1,
        10,
        items -> {
          if (items.contains(0)) {
            gate.hold();
          }
          committed.add(items);
        });
    List<Future<?>> calls = new ArrayList<>();
    calls.add(callers.submit(() -> committer.commit(0)));
    gate.awaitHeld();
    for (int i = 1; i <= 25; i++) {
      int item = i;
      calls.add(callers.submit(() -> committer.commit(item)));
    }
    await().atMost(TIMEOUT).until(() -> committer.waiting() == 26);

    gate.open();
    for (Future<?> call : calls) {
      call.get();
    }

    assertThat(groupSizes).containsExactly(1, 10, 10, 5);
  }

  @Test
  void whenAGroupFailsEachItemIsWrittenAloneAndOnlyTheBadOneFails() throws Exception {
    Map<Integer, Integer> writes = new ConcurrentHashMap<>();
    start(
        1,
        100,
        items -> {
          if (items.contains(0)) {
            gate.hold();
          }
          if (items.contains(13)) {
            throw new IllegalStateException("item 13 cannot be stored");
          }
          items.forEach(item -> writes.merge(item, 1, Integer::sum));
        });
    Future<?> first = callers.submit(() -> committer.commit(0));
    gate.awaitHeld();
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      int item = i;
      calls.add(callers.submit(() -> committer.commit(item)));
    }
    await().atMost(TIMEOUT).until(() -> committer.waiting() == 21);

    gate.open();
    first.get();
    for (int i = 1; i <= 20; i++) {
      Future<?> call = calls.get(i - 1);
      if (i == 13) {
        assertThatThrownBy(call::get)
            .hasCauseInstanceOf(IllegalStateException.class)
            .hasRootCauseMessage("item 13 cannot be stored");
      } else {
        call.get();
      }
    }
    // every good item was written exactly once: the failed group wrote nothing
    assertThat(writes)
        .hasSize(20)
        .doesNotContainKey(13)
        .allSatisfy((k, v) -> assertThat(v).isOne());
    assertThat(groupSizes).containsExactlyElementsOf(Collections.nCopies(20, 1));
  }

  @Test
  void aLoneCallersFailureIsRethrownAsIs() {
    IllegalStateException failure = new IllegalStateException("duplicate id");
    start(
        1,
        100,
        items -> {
          throw failure;
        });

    assertThatThrownBy(() -> committer.commit(1)).isSameAs(failure);
    assertThat(groupSizes).isEmpty();
  }

  @Test
  void closingWritesWhatIsQueuedAndRefusesWhatComesAfter() throws Exception {
    start(
        1,
        100,
        items -> {
          if (items.contains(0)) {
            gate.hold();
          }
          committed.add(items);
        });
    Future<?> first = callers.submit(() -> committer.commit(0));
    gate.awaitHeld();
    Future<?> second = callers.submit(() -> committer.commit(1));
    await().atMost(TIMEOUT).until(() -> committer.waiting() == 2);
    Future<?> closing = callers.submit(committer::close);

    gate.open();
    closing.get();
    first.get();
    second.get();

    assertThat(committed).containsExactly(List.of(0), List.of(1));
    assertThatThrownBy(() -> committer.commit(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shutting down");
  }

  @Test
  void refusesNonsenseSettings() {
    assertThatThrownBy(() -> new GroupCommitter<Integer>("x", 0, 1, items -> {}, size -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GroupCommitter<Integer>("x", 1, 0, items -> {}, size -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Holds the committer inside a write until the test opens it. */
  private static final class Gate {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch opened = new CountDownLatch(1);

    void hold() {
      held.countDown();
      try {
        opened.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    void awaitHeld() throws InterruptedException {
      assertThat(held.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    void open() {
      opened.countDown();
    }
  }
}
