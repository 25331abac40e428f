package io.fetchq.api.tenants.web;

import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.fetchq.api.tenants.domain.Scope;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Optional;

/**
 * A scope exactly as written on the wire: {@code jobs:read}, {@code jobs:write} or {@code admin}.
 */
@Documented
@Retention(RUNTIME)
@Target(TYPE_USE)
@Constraint(validatedBy = ScopeName.Validator.class)
public @interface ScopeName {
  String message() default "must be one of jobs:read, jobs:write, admin";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks {@link ScopeName}; null is left to {@code @NotNull}. */
  final class Validator implements ConstraintValidator<ScopeName, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || parse(value).isPresent();
    }

    /** The scope {@code value} names exactly (no other case, no spaces), or empty. */
    static Optional<Scope> parse(String value) {
      return Scope.fromWire(value).filter(scope -> scope.wireName().equals(value));
    }
  }
}
