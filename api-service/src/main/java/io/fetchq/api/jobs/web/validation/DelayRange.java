package io.fetchq.api.jobs.web.validation;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * On retry settings: maxDelayMs, defaults applied, is not below initialDelayMs (reported on
 * maxDelayMs).
 */
@Documented
@Retention(RUNTIME)
@Target(TYPE)
@Constraint(validatedBy = DelayRangeValidator.class)
public @interface DelayRange {
  String message() default "must not be below initialDelayMs";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
