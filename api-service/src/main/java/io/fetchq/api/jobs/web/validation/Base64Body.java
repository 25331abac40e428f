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

/** Standard base64 (RFC 4648 section 4) decoding to at most 256 KiB. Null is valid. */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Constraint(validatedBy = Base64BodyValidator.class)
public @interface Base64Body {
  String message() default "must be valid base64 of at most 262144 decoded bytes";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
