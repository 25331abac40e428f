package io.fetchq.api.web;

import java.util.List;

/**
 * Raised by a controller when a use case refuses request values that passed Bean Validation (a
 * literal-IP destination, for example). Answered with a 422 validation problem.
 */
public final class InvalidFieldsException extends RuntimeException {

  private final transient List<FieldViolation> violations;

  public InvalidFieldsException(List<FieldViolation> violations) {
    super("invalid fields: " + violations.stream().map(FieldViolation::pointer).toList());
    this.violations = List.copyOf(violations);
  }

  /** The refused values, each with its pointer. */
  public List<FieldViolation> violations() {
    return violations;
  }
}
