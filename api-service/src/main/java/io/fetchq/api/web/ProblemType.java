package io.fetchq.api.web;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * The stable problem types of the API. A client may switch on {@link #uri()}: it never changes for
 * a given kind of error, whatever the wording of {@code detail}.
 */
public enum ProblemType {
  MALFORMED_REQUEST(400, "malformed-request", "Malformed request"),
  UNKNOWN_FIELD(400, "unknown-field", "Unknown field"),
  BAD_REQUEST(400, "bad-request", "Bad request"),
  INVALID_PARAMETER(400, "invalid-parameter", "Invalid query parameter"),
  UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
  FORBIDDEN(403, "forbidden", "Forbidden"),
  NOT_FOUND(404, "not-found", "Not found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
  CONFLICT(409, "conflict", "Conflict"),
  JOB_NOT_CANCELLABLE(409, "job-not-cancellable", "Job not cancellable"),
  TENANT_NAME_TAKEN(409, "tenant-name-taken", "Tenant name taken"),
  DEAD_LETTER_NOT_REPLAYABLE(409, "dead-letter-not-replayable", "Dead letter not replayable"),
  CALLBACK_NOT_REPLAYABLE(409, "callback-not-replayable", "Callback not replayable"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
  VALIDATION_ERROR(422, "validation-error", "Validation failed"),
  RATE_LIMITED(429, "rate-limited", "Too many requests"),
  INTERNAL_ERROR(500, "internal-error", "Internal error"),
  SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable"),
  INVALID_IDEMPOTENCY_KEY(400, "invalid-idempotency-key", "Invalid Idempotency-Key"),
  IDEMPOTENCY_KEY_IN_FLIGHT(409, "idempotency-key-in-flight", "Idempotency key in flight"),
  IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Idempotency key reused");

  /** Every problem type URI starts with this. */
  public static final String BASE_URI = "https://fetchq.io/problems/";

  private final int status;
  private final String slug;
  private final URI uri;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.uri = URI.create(BASE_URI + slug);
    this.title = title;
  }

  public int status() {
    return status;
  }

  public URI uri() {
    return uri;
  }

  /** The last segment of {@link #uri()}, e.g. {@code rate-limited}; a bounded metric tag value. */
  public String slug() {
    return slug;
  }

  /** The type whose {@link #uri()} is {@code uri}, or empty. */
  public static Optional<ProblemType> forUri(URI uri) {
    return Arrays.stream(values()).filter(t -> t.uri.equals(uri)).findFirst();
  }

  public String title() {
    return title;
  }

  /**
   * The generic type for an HTTP status, used when an error arrives as a bare status (the error
   * page, framework exceptions): the first type declared with that status, or empty.
   */
  public static Optional<ProblemType> forStatus(int status) {
    return Arrays.stream(values()).filter(t -> t.status == status).findFirst();
  }
}
