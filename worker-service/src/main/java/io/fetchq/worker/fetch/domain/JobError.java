package io.fetchq.worker.fetch.domain;

import java.util.Objects;

/**
 * A job's {@code lastError} (API.md): the type ({@code timeout}, {@code connect}, {@code dns}, …,
 * or {@code http_status} for a retryable HTTP status) and a short message without header values or
 * bodies.
 *
 * @param type the wire name of the error type
 * @param message a short human-readable reason; never null
 */
public record JobError(String type, String message) {

  /** The type of an error that is a retryable HTTP status rather than a transport failure. */
  public static final String HTTP_STATUS = "http_status";

  public JobError {
    Objects.requireNonNull(type, "type");
    message = message == null ? "" : message;
  }

  /** The error a failed exchange leaves. */
  public static JobError of(FetchError error) {
    return new JobError(error.type().wireName(), error.message());
  }

  /** The error a retryable HTTP status leaves, e.g. {@code HTTP 503}. */
  public static JobError httpStatus(int statusCode, String detail) {
    String message = "HTTP " + statusCode;
    return new JobError(HTTP_STATUS, detail == null ? message : message + " " + detail);
  }

  /** The error {@code result} leaves when it does not complete the job. */
  public static JobError of(FetchResult result, String statusDetail) {
    return switch (result) {
      case FetchError error -> of(error);
      case FetchResponse response -> httpStatus(response.statusCode(), statusDetail);
    };
  }
}
