package io.fetchq.api.jobs.web.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link SingleBody}. */
public final class SingleBodyValidator implements ConstraintValidator<SingleBody, BodyChoice> {
  @Override
  public boolean isValid(BodyChoice value, ConstraintValidatorContext context) {
    if (value == null || value.body() == null || value.bodyBase64() == null) {
      return true;
    }
    return Violations.reportOn("bodyBase64", "must not be set together with body", context);
  }
}
