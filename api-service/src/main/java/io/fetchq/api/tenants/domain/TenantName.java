package io.fetchq.api.tenants.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The unique name of a tenant, a handle such as {@code acme}: 1 to 63 lowercase ASCII letters,
 * digits or hyphens, neither starting nor ending with a hyphen (a DNS label). Lowercase only, so
 * two tenants never differ by case or by look-alike characters.
 */
public record TenantName(String value) {

  /** The rule as a regular expression (also used by the request validation). */
  public static final String PATTERN = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

  /** The rule in words, for clients. */
  public static final String RULE =
      "must be 1 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen";

  private static final Pattern COMPILED = Pattern.compile(PATTERN);

  public TenantName {
    Objects.requireNonNull(value, "value");
    if (!COMPILED.matcher(value).matches()) {
      throw new IllegalArgumentException("tenant name " + RULE);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
