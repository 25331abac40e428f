package io.fetchq.api.tenants.web;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** On a rate limit: {@code burst} is not below {@code perSecond} (reported on {@code burst}). */
@Documented
@Retention(RUNTIME)
@Target(TYPE)
@Constraint(validatedBy = BurstNotBelowRate.Validator.class)
public @interface BurstNotBelowRate {
  String message() default "must not be below perSecond";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /**
   * Checks {@link BurstNotBelowRate}; missing values are left to {@code @NotNull} and a burst below
   * 1 to {@code @Min}, so a field gets one message.
   */
  final class Validator implements ConstraintValidator<BurstNotBelowRate, RateLimitRequest> {
    @Override
    public boolean isValid(RateLimitRequest value, ConstraintValidatorContext context) {
      if (value == null
          || value.perSecond() == null
          || value.burst() == null
          || value.burst() < 1
          || value.burst() >= value.perSecond()) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context
          .buildConstraintViolationWithTemplate(
              "must not be below perSecond (" + value.perSecond() + ")")
          .addPropertyNode("burst")
          .addConstraintViolation();
      return false;
    }
  }
}
