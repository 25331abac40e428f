package io.fetchq.api.web;

import java.util.Objects;

/**
 * One entry of a validation problem's {@code errors}.
 *
 * @param pointer RFC 6901 JSON Pointer to the offending value in the request body ({@code ""} for
 *     the whole body)
 * @param detail what is wrong with it
 */
public record FieldViolation(String pointer, String detail) {
  public FieldViolation {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(detail, "detail");
  }
}
