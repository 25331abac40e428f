package io.fetchq.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LaneRoomTest {

  @Test
  void takesAtMostWhatWasOfferedAndANewOfferReplacesTheOld() {
    LaneRoom room = new LaneRoom();
    assertThat(room.available()).isFalse();
    assertThat(room.take()).isFalse();

    room.offer(2);
    assertThat(room.available()).isTrue();
    assertThat(room.take()).isTrue();
    assertThat(room.take()).isTrue();
    assertThat(room.take()).isFalse();
    assertThat(room.available()).isFalse();

    room.offer(5);
    room.offer(1);
    assertThat(room.take()).isTrue();
    assertThat(room.take()).isFalse();

    room.offer(-3);
    assertThat(room.available()).isFalse();
    assertThat(room.take()).isFalse();
  }

  @Test
  void concurrentTakersNeverTakeMoreThanOffered() throws Exception {
    LaneRoom room = new LaneRoom();
    room.offer(10_000);
    AtomicInteger taken = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      Future<?>[] takers = new Future<?>[4];
      for (int t = 0; t < takers.length; t++) {
        takers[t] =
            threads.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < 5_000; i++) {
                    if (room.take()) {
                      taken.incrementAndGet();
                    }
                  }
                  return null;
                });
      }
      go.countDown();
      for (Future<?> taker : takers) {
        taker.get(10, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(taken.get()).isEqualTo(10_000);
  }
}
