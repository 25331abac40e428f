package io.fetchq.api.idempotency.domain;

import java.util.Optional;

/**
 * A client's {@code Idempotency-Key}: 1 to 255 printable ASCII characters other than space (0x21 to
 * 0x7E), compared exactly (case matters). Space is refused because HTTP strips it at either end of
 * a field value, so a key with spaces would not survive every proxy intact; a value sent in the
 * IETF draft's quoted form ({@code "abc"}) is an ordinary key whose first and last characters are
 * quotes.
 *
 * @param value the key as sent
 */
public record IdempotencyKey(String value) {

  /** The longest key (API.md: 1..255 characters). */
  public static final int MAX_LENGTH = 255;

  public IdempotencyKey {
    violation(value)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("Idempotency-Key " + problem);
            });
  }

  /**
   * Why {@code raw} is not a valid key, phrased to follow "Idempotency-Key", or empty if it is one.
   * The message never repeats the offending character (it may be a control character).
   */
  public static Optional<String> violation(String raw) {
    if (raw == null || raw.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (raw.length() > MAX_LENGTH) {
      return Optional.of(
          "must be at most " + MAX_LENGTH + " characters long; it has " + raw.length());
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return Optional.of(
            "must consist of printable ASCII characters other than space (0x21 to 0x7E); the"
                + " character at index "
                + i
                + " is not one");
      }
    }
    return Optional.empty();
  }
}
