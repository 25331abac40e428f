package io.fetchq.api.web;

import java.util.List;

/**
 * Raised by a controller when query parameters are invalid (a {@code limit} out of range, an
 * unknown {@code status}, a tampered {@code cursor}). Answered with a 400 {@code invalid-parameter}
 * problem whose {@code errors} name each parameter.
 */
public final class InvalidParametersException extends RuntimeException {

  private final transient List<ParameterViolation> violations;

  public InvalidParametersException(List<ParameterViolation> violations) {
    super(
        "invalid query parameters: "
            + violations.stream().map(ParameterViolation::parameter).toList());
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("violations must not be empty");
    }
    this.violations = List.copyOf(violations);
  }

  /** The refused parameters, each with its reason, in the order found. */
  public List<ParameterViolation> violations() {
    return violations;
  }
}
