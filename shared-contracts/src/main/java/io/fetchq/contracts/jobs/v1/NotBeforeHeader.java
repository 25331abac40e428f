package io.fetchq.contracts.jobs.v1;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@value #NAME} record header: a {@link FetchJobMessage}'s {@link FetchJobMessage#notBefore()}
 * repeated outside its JSON, as epoch milliseconds in decimal ASCII digits, rounded up so that the
 * header never names an earlier instant than the message. Retry messages carry it; the retry tiers
 * read a record's due time from it without decoding the message, and decode the message only when
 * the header is absent or unreadable (a record written before the header existed).
 */
public final class NotBeforeHeader {

  /** The header's name. */
  public static final String NAME = "fetchq-not-before";

  /**
   * At most 18 digits: the value then fits a {@code long}, and every such millisecond an instant.
   */
  private static final int MAX_DIGITS = 18;

  private NotBeforeHeader() {}

  /** The header value for {@code notBefore}: its epoch milliseconds, rounded up. */
  public static byte[] encode(Instant notBefore) {
    Objects.requireNonNull(notBefore, "notBefore");
    if (notBefore.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("notBefore is before the epoch: " + notBefore);
    }
    long millis = notBefore.toEpochMilli();
    if (notBefore.getNano() % 1_000_000 != 0) {
      millis++;
    }
    return Long.toString(millis).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The instant a header value names, or empty when {@code value} is null or not 1 to 18 ASCII
   * digits.
   */
  public static Optional<Instant> decode(byte[] value) {
    if (value == null || value.length == 0 || value.length > MAX_DIGITS) {
      return Optional.empty();
    }
    long millis = 0;
    for (byte b : value) {
      if (b < '0' || b > '9') {
        return Optional.empty();
      }
      millis = millis * 10 + (b - '0');
    }
    return Optional.of(Instant.ofEpochMilli(millis));
  }
}
