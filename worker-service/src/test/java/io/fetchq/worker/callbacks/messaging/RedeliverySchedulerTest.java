package io.fetchq.worker.callbacks.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.worker.callbacks.usecase.DueDeliveries;
import io.fetchq.worker.callbacks.usecase.DueDelivery;
import io.fetchq.worker.callbacks.usecase.RedeliverDue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RedeliverySchedulerTest {

  /** Due rows as a database that cannot hand out a connection: a round blocks until interrupted. */
  private static final class Unreachable implements DueDeliveries {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch never = new CountDownLatch(1);
    final AtomicInteger rounds = new AtomicInteger();

    @Override
    public int requeue(int limit, Consumer<List<DueDelivery>> publish) {
      rounds.incrementAndGet();
      entered.countDown();
      try {
        never.await(); // as Hikari's getConnection waits for a connection
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted during connection acquisition", e);
      }
    }
  }

  @Test
  void stopAbandonsARoundBlockedOnTheDatabaseInsteadOfWaitingForIt() throws Exception {
    Unreachable database = new Unreachable();
    RedeliveryScheduler scheduler =
        new RedeliveryScheduler(
            new RedeliverDue(database, deliveries -> {}, 10), Duration.ofMillis(50), () -> {});
    scheduler.start();
    assertThat(database.entered.await(10, TimeUnit.SECONDS)).isTrue();

    Thread stopping = Thread.ofPlatform().start(scheduler::stop);
    stopping.join(Duration.ofSeconds(10)); // the join in stop() would wait 30 s for the round

    assertThat(stopping.isAlive()).as("stop returned").isFalse();
    assertThat(scheduler.isRunning()).isFalse();
    assertThat(database.rounds.get()).as("no round after the stop").isEqualTo(1);
  }

  @Test
  void refusesAPollIntervalThatIsNotPositive() {
    RedeliverDue redeliver = new RedeliverDue((limit, publish) -> 0, deliveries -> {}, 10);
    assertThatThrownBy(() -> new RedeliveryScheduler(redeliver, Duration.ZERO, () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
