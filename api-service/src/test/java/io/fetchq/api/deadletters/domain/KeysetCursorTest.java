package io.fetchq.api.deadletters.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysetCursorTest {

  private static final UUID ID = UUID.fromString("0190f5c2-0000-7000-8000-0000000000dd");

  @Test
  void roundTripsWithNanosecondPrecision() {
    KeysetCursor cursor = new KeysetCursor(Instant.parse("2026-11-22T10:00:00.123456789Z"), ID);

    assertThat(KeysetCursor.decode(cursor.encode())).contains(cursor);
    assertThat(cursor.encode()).doesNotContain("=", "+", "/");
  }

  @Test
  void anItemComesAfterTheCursorWhenOlderOrSameTimeWithSmallerId() {
    Instant at = Instant.parse("2026-11-22T10:00:00Z");
    KeysetCursor cursor = new KeysetCursor(at, ID);

    assertThat(cursor.precedes(at.minusNanos(1), ID)).isTrue();
    assertThat(cursor.precedes(at, new UUID(0, 1))).isTrue();
    assertThat(cursor.precedes(at, ID)).isFalse();
    assertThat(cursor.precedes(at.plusNanos(1), new UUID(0, 1))).isFalse();
  }

  @Test
  void ordersIdsLikePostgresqlUnsignedBytes() {
    UUID low = UUID.fromString("72d8096b-cf4e-402d-86ba-607400b0848d");
    UUID high = UUID.fromString("faa463f8-d3ed-4e55-b51f-1579fd017c8c");
    UUID highLow = UUID.fromString("faa463f8-d3ed-4e55-0000-000000000000");

    assertThat(KeysetCursor.compareIds(high, low)).isPositive();
    assertThat(KeysetCursor.compareIds(low, high)).isNegative();
    assertThat(KeysetCursor.compareIds(high, highLow)).isPositive();
    assertThat(KeysetCursor.compareIds(high, high)).isZero();
    Instant at = Instant.parse("2026-11-22T10:00:00Z");
    assertThat(new KeysetCursor(at, high).precedes(at, low)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not base64 !",
        "%%%",
        "MTox", // "1:1"
        "Mjo1OjA6MDE5MGY1YzItMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMGRk", // version 2
      })
  void refusesValuesItDidNotWrite(String value) {
    assertThat(KeysetCursor.decode(value)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1:x:0:0190f5c2-0000-7000-8000-0000000000dd",
        "1:1:1000000000:0190f5c2-0000-7000-8000-0000000000dd",
        "1:1:-1:0190f5c2-0000-7000-8000-0000000000dd",
        "1:1:0:not-a-uuid",
        "1:1:0:1-2-3-4-5",
        "1:99999999999999999:0:0190f5c2-0000-7000-8000-0000000000dd",
        "1:1:0:0190f5c2-0000-7000-8000-0000000000dd:extra"
      })
  void refusesTamperedContent(String plain) {
    String value =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(plain.getBytes(StandardCharsets.UTF_8));

    assertThat(KeysetCursor.decode(value)).isEmpty();
  }

  @Test
  void refusesAnOverlongValue() {
    assertThat(KeysetCursor.decode("A".repeat(201))).isEmpty();
    assertThat(KeysetCursor.decode(null)).isEmpty();
  }
}
