package io.fetchq.api.jobs.web.validation;

import io.fetchq.api.jobs.domain.JobRequestRules;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link HttpHeaderName}. */
public final class HttpHeaderNameValidator implements ConstraintValidator<HttpHeaderName, String> {
  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    return Violations.report(JobRequestRules.headerNameViolation(value), context);
  }
}
