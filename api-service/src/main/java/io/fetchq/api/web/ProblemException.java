package io.fetchq.api.web;

import java.util.Objects;

/**
 * Raised by a controller to answer a use case's refusal with a problem of a specific {@link
 * ProblemType} (for example 409 {@code job-not-cancellable}). The message is the client-facing
 * detail.
 */
public final class ProblemException extends RuntimeException {

  private final ProblemType type;

  /**
   * @param type the problem type, which fixes the status
   * @param detail the client-facing detail; never internals
   */
  public ProblemException(ProblemType type, String detail) {
    super(Objects.requireNonNull(detail, "detail"));
    this.type = Objects.requireNonNull(type, "type");
  }

  public ProblemType type() {
    return type;
  }
}
