package io.fetchq.api.jobs.domain;

import java.util.Objects;

/**
 * Why the last attempt did not produce a final response: {@code type} is one of API.md's error
 * types ({@code timeout}, {@code connect}, {@code dns}, {@code tls}, {@code http_status}, {@code
 * destination_refused}, {@code too_large}, ...), {@code message} a human-readable explanation that
 * never contains secrets.
 */
public record JobError(String type, String message) {
  public JobError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
  }
}
