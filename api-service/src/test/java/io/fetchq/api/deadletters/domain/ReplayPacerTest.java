package io.fetchq.api.deadletters.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayPacerTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void startsWithOneTokenThenRefillsAtTheRate() {
    ReplayPacer pacer = new ReplayPacer(50, 10);

    assertThat(pacer.take(100, T0)).isEqualTo(1);
    assertThat(pacer.take(100, T0)).isZero();
    assertThat(pacer.untilNext(T0)).isEqualTo(Duration.ofMillis(20));
    assertThat(pacer.take(100, T0.plusMillis(100))).isEqualTo(5);
  }

  @Test
  void neverHoldsMoreThanItsBurst() {
    ReplayPacer pacer = new ReplayPacer(50, 10);
    pacer.take(1, T0);

    assertThat(pacer.take(100, T0.plusSeconds(60))).isEqualTo(10);
    assertThat(pacer.take(100, T0.plusSeconds(60))).isZero();
  }

  @Test
  void averagesTheRateOverALongRun() {
    ReplayPacer pacer = new ReplayPacer(7, 3);
    int taken = 0;
    for (int ms = 0; ms < 10_000; ms += 13) {
      taken += pacer.take(3, T0.plusMillis(ms));
    }
    // 1 at the start plus 7/s over the last tick at 9.997 s
    assertThat(taken).isBetween(69, 71);
  }

  @Test
  void ignoresAClockGoingBackwards() {
    ReplayPacer pacer = new ReplayPacer(10, 5);
    pacer.take(1, T0.plusSeconds(1));

    assertThat(pacer.take(5, T0)).isZero();
    assertThat(pacer.untilNext(T0)).isPositive();
  }

  @Test
  void refusesAZeroRateOrBurst() {
    assertThatThrownBy(() -> new ReplayPacer(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReplayPacer(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReplayPacer(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
