package io.fetchq.worker.callbacks.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryDecisionTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final RetrySchedule SCHEDULE = RetrySchedule.parse("5s,5m,30m");

  private static DeliveryDecision answered(int status, int attempt) {
    return DeliveryDecision.of(new DeliveryResult.Answered(status), attempt, SCHEDULE, NOW, 0.5);
  }

  private static DeliveryDecision noAnswer(DeliveryError error, int attempt) {
    return DeliveryDecision.of(
        new DeliveryResult.NoAnswer(error, "detail"), attempt, SCHEDULE, NOW, 0.5);
  }

  @ParameterizedTest
  @CsvSource({"200, 1", "201, 2", "204, 4", "299, 3"})
  void anyTwoHundredDelivers(int status, int attempt) {
    assertThat(answered(status, attempt)).isEqualTo(new DeliveryDecision.Delivered(status));
  }

  @ParameterizedTest
  @CsvSource({"1", "2", "3", "4"})
  void goneStopsAtOnceWhateverTheAttempt(int attempt) {
    assertThat(answered(410, attempt))
        .isEqualTo(new DeliveryDecision.Failed(410, DeliveryError.GONE));
  }

  @ParameterizedTest
  @CsvSource({
    "503, 1, PT5S, HTTP_STATUS",
    "500, 2, PT5M, HTTP_STATUS",
    "404, 3, PT30M, HTTP_STATUS",
    "302, 1, PT5S, REDIRECT",
    "301, 2, PT5M, REDIRECT",
    "100, 1, PT5S, HTTP_STATUS"
  })
  void otherAnswersRetryOnTheSchedule(int status, int attempt, String delay, DeliveryError error) {
    assertThat(answered(status, attempt))
        .isEqualTo(new DeliveryDecision.Retry(NOW.plus(Duration.parse(delay)), status, error));
  }

  @ParameterizedTest
  @CsvSource({"TIMEOUT, 1, PT5S", "CONNECTION_ERROR, 3, PT30M"})
  void noAnswerRetriesOnTheSchedule(DeliveryError error, int attempt, String delay) {
    assertThat(noAnswer(error, attempt))
        .isEqualTo(new DeliveryDecision.Retry(NOW.plus(Duration.parse(delay)), null, error));
  }

  @Test
  void theAttemptAfterTheLastDelayFails() {
    assertThat(answered(503, 4))
        .isEqualTo(new DeliveryDecision.Failed(503, DeliveryError.HTTP_STATUS));
    assertThat(noAnswer(DeliveryError.TIMEOUT, 4))
        .isEqualTo(new DeliveryDecision.Failed(null, DeliveryError.TIMEOUT));
  }

  @Test
  void aRefusedDestinationFailsAtOnce() {
    assertThat(noAnswer(DeliveryError.DESTINATION_REFUSED, 1))
        .isEqualTo(new DeliveryDecision.Failed(null, DeliveryError.DESTINATION_REFUSED));
  }

  @Test
  void jitterMovesTheNextAttemptByAtMostTenPercent() {
    DeliveryDecision early =
        DeliveryDecision.of(new DeliveryResult.Answered(503), 2, SCHEDULE, NOW, 0.0);
    DeliveryDecision late =
        DeliveryDecision.of(new DeliveryResult.Answered(503), 2, SCHEDULE, NOW, 1.0);

    assertThat(((DeliveryDecision.Retry) early).nextAttemptAt())
        .isEqualTo(NOW.plus(Duration.ofSeconds(270)));
    assertThat(((DeliveryDecision.Retry) late).nextAttemptAt())
        .isEqualTo(NOW.plus(Duration.ofSeconds(330)));
  }

  @Test
  void errorsHaveStableStoredNames() {
    assertThat(DeliveryError.DESTINATION_REFUSED.wireName()).isEqualTo("destination_refused");
    assertThat(DeliveryError.GONE.wireName()).isEqualTo("gone");
    assertThat(DeliveryError.TIMEOUT.wireName()).isEqualTo("timeout");
    assertThat(DeliveryError.CONNECTION_ERROR.wireName()).isEqualTo("connection_error");
    assertThat(DeliveryError.REDIRECT.wireName()).isEqualTo("redirect_not_followed");
    assertThat(DeliveryError.HTTP_STATUS.wireName()).isEqualTo("http_status");
  }
}
