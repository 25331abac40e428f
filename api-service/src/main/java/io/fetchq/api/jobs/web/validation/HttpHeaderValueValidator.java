package io.fetchq.api.jobs.web.validation;

import io.fetchq.api.jobs.domain.JobRequestRules;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link HttpHeaderValue}. */
public final class HttpHeaderValueValidator
    implements ConstraintValidator<HttpHeaderValue, String> {
  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    return Violations.report(JobRequestRules.headerValueViolation(value), context);
  }
}
