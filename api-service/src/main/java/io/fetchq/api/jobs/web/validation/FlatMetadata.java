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
 * A flat string map of at most 4 KiB serialized (JobRequestRules#metadataViolation). Null is valid.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Constraint(validatedBy = FlatMetadataValidator.class)
public @interface FlatMetadata {
  String message() default "must be a flat string map of at most 4096 bytes";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
