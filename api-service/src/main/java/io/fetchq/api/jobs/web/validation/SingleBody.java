package io.fetchq.api.jobs.web.validation;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** On a job request: body and bodyBase64 are never both set (reported on bodyBase64). */
@Documented
@Retention(RUNTIME)
@Target(TYPE)
@Constraint(validatedBy = SingleBodyValidator.class)
public @interface SingleBody {
  String message() default "body and bodyBase64 are mutually exclusive";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
