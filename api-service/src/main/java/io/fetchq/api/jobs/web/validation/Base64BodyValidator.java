package io.fetchq.api.jobs.web.validation;

import io.fetchq.api.jobs.domain.JobRequestRules;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Base64;
import java.util.Optional;

/** Checks {@link Base64Body}. */
public final class Base64BodyValidator implements ConstraintValidator<Base64Body, String> {
  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    return value == null || Violations.report(violation(value), context);
  }

  static Optional<String> violation(String value) {
    // Four base64 characters carry three bytes: a much longer text cannot fit, skip decoding it.
    long maxEncoded = ((long) JobRequestRules.MAX_BODY_BYTES + 2) / 3 * 4;
    int decodedLength;
    if (value.length() > maxEncoded) {
      decodedLength = Integer.MAX_VALUE;
    } else {
      try {
        decodedLength = Base64.getDecoder().decode(value).length;
      } catch (IllegalArgumentException e) {
        return Optional.of("must be valid base64 (RFC 4648, standard alphabet)");
      }
    }
    return decodedLength > JobRequestRules.MAX_BODY_BYTES
        ? Optional.of("must decode to at most " + JobRequestRules.MAX_BODY_BYTES + " bytes")
        : Optional.empty();
  }
}
