package io.fetchq.api.jobs.web.validation;

import io.fetchq.api.jobs.domain.JobRequestRules;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Map;

/** Checks {@link FlatMetadata}. */
public final class FlatMetadataValidator
    implements ConstraintValidator<FlatMetadata, Map<String, String>> {
  @Override
  public boolean isValid(Map<String, String> value, ConstraintValidatorContext context) {
    return value == null || Violations.report(JobRequestRules.metadataViolation(value), context);
  }
}
