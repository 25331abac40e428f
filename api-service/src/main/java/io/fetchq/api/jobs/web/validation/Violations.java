package io.fetchq.api.jobs.web.validation;

import jakarta.validation.ConstraintValidatorContext;
import java.util.Optional;

/** Reports a rule's reason as the violation message, escaped so it is never interpolated. */
final class Violations {

  private Violations() {}

  /** True when {@code violation} is empty; otherwise reports it and returns false. */
  static boolean report(Optional<String> violation, ConstraintValidatorContext context) {
    if (violation.isEmpty()) {
      return true;
    }
    context.disableDefaultConstraintViolation();
    context.buildConstraintViolationWithTemplate(escape(violation.get())).addConstraintViolation();
    return false;
  }

  /** Reports {@code message} on the property {@code field} below the validated bean. */
  static boolean reportOn(String field, String message, ConstraintValidatorContext context) {
    context.disableDefaultConstraintViolation();
    context
        .buildConstraintViolationWithTemplate(escape(message))
        .addPropertyNode(field)
        .addConstraintViolation();
    return false;
  }

  /** Escapes message-template syntax ({@code {}, {@code }}, {@code $}, {@code \}). */
  static String escape(String message) {
    StringBuilder escaped = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == '{' || c == '}' || c == '$' || c == '\\') {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }
}
