package io.fetchq.api.jobs.web.validation;

import io.fetchq.api.jobs.domain.JobRequestRules;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link HttpUrl}. */
public final class HttpUrlValidator implements ConstraintValidator<HttpUrl, String> {
  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    return value == null || Violations.report(JobRequestRules.urlViolation(value), context);
  }
}
