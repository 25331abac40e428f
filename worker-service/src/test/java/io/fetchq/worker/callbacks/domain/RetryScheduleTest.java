package io.fetchq.worker.callbacks.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryScheduleTest {

  @Test
  void parsesTheDocumentedDefault() {
    RetrySchedule schedule = RetrySchedule.parse(RetrySchedule.DEFAULT);

    assertThat(schedule.delays())
        .containsExactly(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(14),
            Duration.ofHours(20),
            Duration.ofHours(24));
    assertThat(schedule.size()).isEqualTo(9);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1s,2s,4s       | PT1S,PT2S,PT4S",
        "500ms          | PT0.5S",
        "5m             | PT5M",
        "2h             | PT2H",
        "1d             | PT24H",
        "' 1S , 200MS ' | PT1S,PT0.2S"
      })
  void parsesDelaysWithUnits(String text, String expected) {
    List<Duration> delays =
        java.util.Arrays.stream(expected.split(",")).map(Duration::parse).toList();

    assertThat(RetrySchedule.parse(text).delays()).isEqualTo(delays);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "5", "5x", "-1s", "0s", "1s,,2s", "1s,", "1.5s", "31d", "s"})
  void refusesSchedulesThatAreNotDelayLists(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetrySchedule.parse(text))
        .withMessageContaining("webhook retry schedule");
  }

  @Test
  void refusesNull() {
    assertThatIllegalArgumentException().isThrownBy(() -> RetrySchedule.parse(null));
  }

  @Test
  void refusesAnEmptyOrNonPositiveListWhenBuiltDirectly() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RetrySchedule(List.of()));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetrySchedule(List.of(Duration.ZERO)));
  }

  @Test
  void attemptAfterTheLastDelayHasNoSuccessor() {
    RetrySchedule schedule = RetrySchedule.parse("1s,2s");

    assertThat(schedule.hasNextAfter(0)).isFalse();
    assertThat(schedule.hasNextAfter(1)).isTrue();
    assertThat(schedule.hasNextAfter(2)).isTrue();
    assertThat(schedule.hasNextAfter(3)).isFalse();
    assertThatIllegalArgumentException().isThrownBy(() -> schedule.delayAfter(3, 0.5));
  }

  @ParameterizedTest
  @CsvSource({"0.0, 9000", "0.5, 10000", "1.0, 11000", "0.25, 9500"})
  void jitterStaysWithinTenPercent(double jitter, long expectedMillis) {
    RetrySchedule schedule = RetrySchedule.parse("1s,10s");

    assertThat(schedule.delayAfter(2, jitter)).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @Test
  void refusesJitterOutsideTheUnitInterval() {
    RetrySchedule schedule = RetrySchedule.parse("1s");

    assertThatIllegalArgumentException().isThrownBy(() -> schedule.delayAfter(1, -0.1));
    assertThatIllegalArgumentException().isThrownBy(() -> schedule.delayAfter(1, 1.1));
  }
}
