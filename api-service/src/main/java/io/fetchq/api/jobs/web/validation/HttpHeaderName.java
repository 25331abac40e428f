package io.fetchq.api.jobs.web.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An HTTP token that is not a hop-by-hop or framing header (JobRequestRules#headerNameViolation).
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Constraint(validatedBy = HttpHeaderNameValidator.class)
public @interface HttpHeaderName {
  String message() default "must be a valid header name";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
