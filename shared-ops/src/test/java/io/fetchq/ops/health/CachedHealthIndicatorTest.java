package io.fetchq.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class CachedHealthIndicatorTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final AtomicInteger checks = new AtomicInteger();

  private CachedHealthIndicator indicator(Status... answers) {
    return new CachedHealthIndicator(
        () ->
            Health.status(answers[Math.min(checks.getAndIncrement(), answers.length - 1)]).build(),
        Duration.ofSeconds(5),
        now::get);
  }

  @Test
  void answersFromTheLastCheckWithinCacheFor() {
    CachedHealthIndicator health = indicator(Status.UP, Status.DOWN);

    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    now.addAndGet(Duration.ofMillis(4_999).toNanos());

    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(checks).hasValue(1);
  }

  @Test
  void checksAgainOnceTheResultIsOlderThanCacheFor() {
    CachedHealthIndicator health = indicator(Status.UP, Status.DOWN);
    health.health();
    now.addAndGet(Duration.ofSeconds(5).toNanos());

    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(checks).hasValue(2);
  }
}
