package io.fetchq.api.deadletters.web;

import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.DeadLetterState;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.web.ProblemException;
import io.fetchq.api.web.ProblemType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * Parses the query parameters of the admin listings. A bad value is a 400 {@code bad-request}
 * problem whose detail names the parameter; nothing here ever reaches a 500.
 */
final class QueryParameters {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  private QueryParameters() {}

  static int limit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.strip());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw bad("limit", "must be an integer from 1 to " + MAX_LIMIT);
  }

  static KeysetCursor cursor(String value) {
    if (value == null) {
      return null;
    }
    return KeysetCursor.decode(value)
        .orElseThrow(() -> bad("cursor", "is not a cursor this API returned"));
  }

  static DeadLetterFilter filter(
      String tenantId, String host, String errorType, String since, String until, String state) {
    Instant from = instant("since", since);
    Instant to = instant("until", until);
    if (from != null && to != null && !from.isBefore(to)) {
      throw bad("until", "must be after 'since'");
    }
    return new DeadLetterFilter(
        tenant("tenantId", tenantId),
        text("host", host),
        text("errorType", errorType),
        from,
        to,
        state(state));
  }

  /** {@code dead} (the default), {@code replayed}, or {@code all} (null: any state). */
  private static DeadLetterState state(String value) {
    if (value == null || value.equals("dead")) {
      return DeadLetterState.DEAD;
    }
    if (value.equals("replayed")) {
      return DeadLetterState.REPLAYED;
    }
    if (value.equals("all")) {
      return null;
    }
    throw bad("state", "must be one of dead, replayed, all");
  }

  private static TenantId tenant(String name, String value) {
    return parseUuid(value)
        .map(TenantId::new)
        .orElseGet(
            () -> {
              if (value == null) {
                return null;
              }
              throw bad(name, "must be a UUID");
            });
  }

  private static String text(String name, String value) {
    if (value == null) {
      return null;
    }
    if (value.isBlank() || value.length() > 2048) {
      throw bad(name, "must be 1 to 2048 characters");
    }
    return value.strip();
  }

  private static Instant instant(String name, String value) {
    if (value == null) {
      return null;
    }
    return parseInstant(value)
        .orElseThrow(() -> bad(name, "must be an RFC 3339 timestamp such as 2026-11-22T10:00:00Z"));
  }

  /** {@code value} as a UUID in its canonical form, or empty. */
  static Optional<UUID> parseUuid(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      UUID id = UUID.fromString(value);
      return id.toString().equalsIgnoreCase(value) ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code value} as an RFC 3339 timestamp with an offset, or empty. */
  static Optional<Instant> parseInstant(String value) {
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static ProblemException bad(String parameter, String what) {
    return new ProblemException(
        ProblemType.BAD_REQUEST, "The query parameter '" + parameter + "' " + what + ".");
  }
}
