package io.fetchq.worker.fetch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @ParameterizedTest(name = "''{0}'' → {1} s")
  @CsvSource(
      delimiter = '|',
      value = {
        "0|0",
        "2|2",
        " 120 |120",
        "007|7",
        "-5|0",
        "Sun, 22 Nov 2026 10:01:30 GMT|90",
        "Sunday, 22-Nov-26 10:00:10 GMT|10",
        "Sun Nov 22 10:00:05 2026|5",
        "Sun Nov  1 10:00:05 2026|0",
        "Sat, 21 Nov 2026 10:00:00 GMT|0",
        "Sunday, 22-Nov-99 10:00:00 GMT|0"
      })
  void parsesDelaySecondsAndEveryHttpDateForm(String value, long seconds) {
    assertThat(RetryAfter.parse(value, NOW)).contains(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "soon",
        "1.5",
        "2s",
        "Sun, 32 Nov 2026 10:00:00 GMT",
        "Sun, 22 Nov 2026 10:00:00 CET",
        "Sunday, 22-Foo-26 10:00:10 GMT",
        "22 Nov 2026"
      })
  void ignoresWhatIsNotARetryAfterValue(String value) {
    assertThat(RetryAfter.parse(value, NOW)).isEmpty();
  }

  @Test
  void clampsAbsurdlyLongDelays() {
    assertThat(RetryAfter.parse("99999999999999999999", NOW)).contains(RetryAfter.LONGEST);
    assertThat(RetryAfter.parse("999999999", NOW)).contains(RetryAfter.LONGEST);
    assertThat(RetryAfter.parse("Fri, 01 Jan 2100 00:00:00 GMT", NOW)).contains(RetryAfter.LONGEST);
  }
}
