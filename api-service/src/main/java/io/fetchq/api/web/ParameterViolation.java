package io.fetchq.api.web;

import java.util.Objects;

/**
 * One entry of an invalid-parameter problem's {@code errors}.
 *
 * @param parameter the name of the offending query parameter ({@code limit})
 * @param detail what is wrong with it
 */
public record ParameterViolation(String parameter, String detail) {
  public ParameterViolation {
    Objects.requireNonNull(parameter, "parameter");
    Objects.requireNonNull(detail, "detail");
  }
}
