package io.fetchq.kernel.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5));

  @ParameterizedTest
  @CsvSource({"2, 1000", "3, 2000", "4, 4000", "5, 5000", "20, 5000"})
  void delayGrowsExponentiallyUpToTheCap(int attempt, long expectedMillis) {
    assertThat(POLICY.baseDelayBefore(attempt)).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @ParameterizedTest
  @CsvSource({
    "2, 0.0, , 800",
    "2, 0.5, , 1000",
    "2, 0.999, , 1199",
    "4, 0.0, , 3200",
    "5, 0.999, , 5000",
    "2, 0.5, 3000, 3000",
    "2, 0.5, 500, 1000",
    "2, 0.5, 60000, 5000"
  })
  void jittersWithinTwentyPercentHonoursRetryAfterAndCaps(
      int attempt, double unit, Long retryAfterMs, long expectedMs) {
    Duration retryAfter = retryAfterMs == null ? null : Duration.ofMillis(retryAfterMs);
    assertThat(POLICY.delayBefore(attempt, unit, retryAfter))
        .isEqualTo(Duration.ofMillis(expectedMs));
  }

  @Test
  void refusesJitterDrawOutsideTheUnitInterval() {
    assertThatThrownBy(() -> POLICY.delayBefore(2, 1.0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> POLICY.delayBefore(2, -0.1, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void firstAttemptHasNoDelay() {
    assertThatThrownBy(() -> POLICY.baseDelayBefore(1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void maxAttemptsCountsTheFirstAttempt() {
    RetryPolicy three = new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5));
    assertThat(three.allowsAnotherAfter(1)).isTrue();
    assertThat(three.allowsAnotherAfter(2)).isTrue();
    assertThat(three.allowsAnotherAfter(3)).isFalse();
  }

  @Test
  void defaultMatchesTheApiContract() {
    assertThat(RetryPolicy.DEFAULT.maxAttempts()).isEqualTo(5);
    assertThat(RetryPolicy.DEFAULT.initialDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryPolicy.DEFAULT.multiplier()).isEqualTo(2.0);
    assertThat(RetryPolicy.DEFAULT.maxDelay()).isEqualTo(Duration.ofMinutes(5));
  }

  @ParameterizedTest
  @CsvSource({
    "0, 1000, 2.0, 5000",
    "21, 1000, 2.0, 5000",
    "5, 99, 2.0, 5000",
    "5, 1000, 0.5, 5000",
    "5, 1000, 10.5, 5000",
    "5, 1000, NaN, 5000",
    "5, 1000, 2.0, 999",
    "5, 1000, 2.0, 86400001"
  })
  void refusesOutOfRangeValues(int attempts, long initial, double multiplier, long max) {
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    attempts, Duration.ofMillis(initial), multiplier, Duration.ofMillis(max)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
