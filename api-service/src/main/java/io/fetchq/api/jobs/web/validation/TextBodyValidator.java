package io.fetchq.api.jobs.web.validation;

import io.fetchq.api.jobs.domain.JobRequestRules;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.nio.charset.StandardCharsets;

/** Checks {@link TextBody}: the limit applies to the bytes sent, the UTF-8 encoding. */
public final class TextBodyValidator implements ConstraintValidator<TextBody, String> {
  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    // A char never encodes to more than 3 bytes: short strings skip the encoding.
    return value == null
        || (long) value.length() * 3 <= JobRequestRules.MAX_BODY_BYTES
        || value.getBytes(StandardCharsets.UTF_8).length <= JobRequestRules.MAX_BODY_BYTES;
  }
}
