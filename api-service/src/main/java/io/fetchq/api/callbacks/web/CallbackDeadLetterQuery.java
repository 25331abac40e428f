package io.fetchq.api.callbacks.web;

import io.fetchq.api.callbacks.domain.CallbackDeadLetterFilter;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.web.FieldViolation;
import io.fetchq.api.web.InvalidFieldsException;
import io.fetchq.api.web.InvalidParametersException;
import io.fetchq.api.web.ParameterViolation;
import io.fetchq.contracts.webhooks.v1.WebhookEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The parameters of the callback dead-letter listing, checked together: every invalid one is
 * reported at once (400 {@code invalid-parameter}, {@code errors[].parameter} naming it); the same
 * rules applied to a bulk replay's filter answer 422 with pointers ({@code /filter/since}).
 *
 * @param filter the entries asked for
 * @param after where the page starts, or null
 * @param limit the page size
 */
record CallbackDeadLetterQuery(CallbackDeadLetterFilter filter, KeysetCursor after, int limit) {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  static final String TYPES = String.join(", ", new TreeSet<>(WebhookEvent.TYPES));

  /**
   * Parses the query parameters (each may be null).
   *
   * @throws InvalidParametersException naming every invalid parameter
   */
  static CallbackDeadLetterQuery parse(
      String tenantId, String type, String since, String until, String limit, String cursor) {
    List<ParameterViolation> errors = new ArrayList<>();
    CallbackDeadLetterFilter filter =
        filter(
            absentIfEmpty(tenantId),
            absentIfEmpty(type),
            absentIfEmpty(since),
            absentIfEmpty(until),
            (name, detail) -> errors.add(new ParameterViolation(name, detail)));
    int pageSize = DEFAULT_LIMIT;
    limit = absentIfEmpty(limit);
    cursor = absentIfEmpty(cursor);
    if (limit != null) {
      pageSize = parseLimit(limit).orElse(-1);
      if (pageSize < 0) {
        errors.add(new ParameterViolation("limit", "must be an integer from 1 to " + MAX_LIMIT));
      }
    }
    KeysetCursor after = null;
    if (cursor != null) {
      after = KeysetCursor.decode(cursor).orElse(null);
      if (after == null) {
        errors.add(
            new ParameterViolation(
                "cursor", "is not a cursor of this listing; pass nextCursor as it was returned"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidParametersException(errors);
    }
    return new CallbackDeadLetterQuery(filter, after, pageSize);
  }

  /**
   * The filter of a bulk replay's body.
   *
   * @throws InvalidFieldsException pointing at every invalid field
   */
  static CallbackDeadLetterFilter filter(CallbackFilterBody body) {
    List<FieldViolation> errors = new ArrayList<>();
    CallbackDeadLetterFilter filter =
        filter(
            body.tenantId(),
            body.type(),
            body.since(),
            body.until(),
            (name, detail) -> errors.add(new FieldViolation("/filter/" + name, detail)));
    if (!errors.isEmpty()) {
      throw new InvalidFieldsException(errors);
    }
    return filter;
  }

  /** The filter, or null after reporting each bad part to {@code bad}. */
  private static CallbackDeadLetterFilter filter(
      String tenantId, String type, String since, String until, BiConsumer<String, String> bad) {
    TenantId tenant = null;
    boolean valid = true;
    if (tenantId != null) {
      tenant = uuid(tenantId).map(TenantId::new).orElse(null);
      if (tenant == null) {
        bad.accept("tenantId", "must be a UUID");
        valid = false;
      }
    }
    if (type != null && !WebhookEvent.TYPES.contains(type)) {
      bad.accept("type", "must be one of " + TYPES);
      valid = false;
    }
    Instant from = null;
    if (since != null) {
      from = instant(since).orElse(null);
      if (from == null) {
        bad.accept("since", "must be an RFC 3339 timestamp such as 2026-11-22T10:00:00Z");
        valid = false;
      }
    }
    Instant to = null;
    if (until != null) {
      to = instant(until).orElse(null);
      if (to == null) {
        bad.accept("until", "must be an RFC 3339 timestamp such as 2026-11-22T10:00:00Z");
        valid = false;
      }
    }
    if (from != null && to != null && !from.isBefore(to)) {
      bad.accept("until", "must be after since");
      valid = false;
    }
    return valid ? new CallbackDeadLetterFilter(tenant, type, from, to) : null;
  }

  private static String absentIfEmpty(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static Optional<Integer> parseLimit(String value) {
    if (!value.matches("[0-9]{1,4}")) {
      return Optional.empty();
    }
    int limit = Integer.parseInt(value);
    return limit >= 1 && limit <= MAX_LIMIT ? Optional.of(limit) : Optional.empty();
  }

  /** {@code value} as a UUID in its canonical form, or empty. */
  private static Optional<UUID> uuid(String value) {
    try {
      UUID id = UUID.fromString(value);
      return id.toString().equalsIgnoreCase(value) ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code value} as an RFC 3339 timestamp with an offset, or empty. */
  private static Optional<Instant> instant(String value) {
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
