package io.fetchq.contracts.jobs.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NotBeforeHeaderTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void encodesEpochMillisAsDecimalDigits() {
    Instant due = Instant.parse("2026-12-05T20:30:00.123Z");

    assertThat(new String(NotBeforeHeader.encode(due), StandardCharsets.US_ASCII))
        .isEqualTo(Long.toString(due.toEpochMilli()));
    assertThat(NotBeforeHeader.decode(NotBeforeHeader.encode(due))).contains(due);
  }

  @Test
  void roundsUpSoTheHeaderIsNeverEarlierThanTheMessage() {
    Instant due = Instant.parse("2026-12-05T20:30:00.123000001Z");

    assertThat(NotBeforeHeader.decode(NotBeforeHeader.encode(due)))
        .contains(Instant.parse("2026-12-05T20:30:00.124Z"));
  }

  @Test
  void decodedInstantIsNeverBeforeAndLessThanAMillisecondAfterTheEncodedOne() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      Instant due =
          Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000));

      Instant decoded = NotBeforeHeader.decode(NotBeforeHeader.encode(due)).orElseThrow();

      assertThat(decoded).isAfterOrEqualTo(due).isBefore(due.plusMillis(1));
    }
  }

  @Test
  void refusesInstantsBeforeTheEpoch() {
    assertThatThrownBy(() -> NotBeforeHeader.encode(Instant.EPOCH.minusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(NotBeforeHeader.decode(NotBeforeHeader.encode(Instant.EPOCH)))
        .contains(Instant.EPOCH);
  }

  @Test
  void anythingButOneToEighteenDigitsDecodesToNothing() {
    assertThat(NotBeforeHeader.decode(null)).isEmpty();
    assertThat(NotBeforeHeader.decode(new byte[0])).isEmpty();
    assertThat(NotBeforeHeader.decode(ascii("-1"))).isEmpty();
    assertThat(NotBeforeHeader.decode(ascii("+1"))).isEmpty();
    assertThat(NotBeforeHeader.decode(ascii("1 "))).isEmpty();
    assertThat(NotBeforeHeader.decode(ascii("12a4"))).isEmpty();
    assertThat(NotBeforeHeader.decode(ascii("2026-12-05T20:30:00Z"))).isEmpty();
    assertThat(NotBeforeHeader.decode(ascii("1".repeat(19)))).isEmpty();
    assertThat(NotBeforeHeader.decode(ascii("9".repeat(18))))
        .contains(Instant.ofEpochMilli(999_999_999_999_999_999L));
    assertThat(NotBeforeHeader.decode(ascii("0"))).contains(Instant.EPOCH);
  }
}
