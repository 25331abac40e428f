package io.fetchq.api.jobs.web.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link DelayRange}. */
public final class DelayRangeValidator implements ConstraintValidator<DelayRange, DelaySettings> {
  @Override
  public boolean isValid(DelaySettings value, ConstraintValidatorContext context) {
    if (value == null || value.effectiveMaxDelayMs() >= value.effectiveInitialDelayMs()) {
      return true;
    }
    return Violations.reportOn(
        "maxDelayMs",
        "must not be below initialDelayMs (" + value.effectiveInitialDelayMs() + ")",
        context);
  }
}
