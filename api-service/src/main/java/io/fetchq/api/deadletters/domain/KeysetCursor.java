package io.fetchq.api.deadletters.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A position in a newest-first listing ordered by an instant and then an id, both descending: the
 * next page starts strictly after it. Clients see it as an opaque string ({@link #encode}); a value
 * that does not decode is refused ({@link #decode} answers empty), never trusted.
 *
 * @param at the instant of the last item shown
 * @param id the id of the last item shown
 */
public record KeysetCursor(Instant at, UUID id) {

  private static final String VERSION = "1";

  public KeysetCursor {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(id, "id");
  }

  /** Whether an item at {@code itemAt} with {@code itemId} comes after this cursor. */
  public boolean precedes(Instant itemAt, UUID itemId) {
    int byTime = itemAt.compareTo(at);
    return byTime < 0 || (byTime == 0 && compareIds(itemId, id) < 0);
  }

  /**
   * Orders ids as PostgreSQL orders {@code uuid} values: by their bytes, unsigned ({@link
   * UUID#compareTo} compares signed halves and disagrees for ids starting with 8-f).
   */
  public static int compareIds(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }

  /** The opaque form: URL-safe base64 without padding. */
  public String encode() {
    String plain = VERSION + ":" + at.getEpochSecond() + ":" + at.getNano() + ":" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor {@code value} encodes, or empty if it is not one {@link #encode} wrote. */
  public static Optional<KeysetCursor> decode(String value) {
    if (value == null || value.isEmpty() || value.length() > 200) {
      return Optional.empty();
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
      String[] parts = plain.split(":", -1);
      if (parts.length != 4 || !VERSION.equals(parts[0])) {
        return Optional.empty();
      }
      long seconds = Long.parseLong(parts[1]);
      int nanos = Integer.parseInt(parts[2]);
      if (nanos < 0 || nanos > 999_999_999) {
        return Optional.empty();
      }
      UUID id = UUID.fromString(parts[3]);
      if (!id.toString().equals(parts[3])) {
        return Optional.empty();
      }
      return Optional.of(new KeysetCursor(Instant.ofEpochSecond(seconds, nanos), id));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }
}
