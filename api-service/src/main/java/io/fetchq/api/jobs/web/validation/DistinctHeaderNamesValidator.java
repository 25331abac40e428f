package io.fetchq.api.jobs.web.validation;

import io.fetchq.api.jobs.domain.JobRequestRules;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Map;

/** Checks {@link DistinctHeaderNames}. */
public final class DistinctHeaderNamesValidator
    implements ConstraintValidator<DistinctHeaderNames, Map<String, ?>> {
  @Override
  public boolean isValid(Map<String, ?> value, ConstraintValidatorContext context) {
    return value == null
        || Violations.report(
            JobRequestRules.duplicateHeaderNamesViolation(value.keySet()), context);
  }
}
