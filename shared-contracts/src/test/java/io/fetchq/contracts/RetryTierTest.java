package io.fetchq.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryTierTest {

  @ParameterizedTest
  @CsvSource({
    "1, T250MS",
    "249, T250MS",
    "250, T250MS",
    "999, T250MS",
    "1000, T1S",
    "9999, T1S",
    "10000, T10S",
    "59999, T10S",
    "60000, T1M",
    "600000, T10M",
    "3599999, T10M",
    "3600000, T1H",
    "86400000, T1H"
  })
  void picksTheLongestTierThatDoesNotOvershoot(long remainingMs, RetryTier expected) {
    assertThat(RetryTier.forRemaining(Duration.ofMillis(remainingMs))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"T250MS, retry-250ms.v1, 250", "T1H, retry-1h.v1, 3600000"})
  void namesItsTopicAndDelay(RetryTier tier, String topic, long delayMs) {
    assertThat(tier.topic()).isEqualTo(topic);
    assertThat(tier.delay()).isEqualTo(Duration.ofMillis(delayMs));
  }
}
