package io.fetchq.api.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the API service ({@code fetchq.api.*}).
 *
 * @param bootstrapAdminKey the {@code system} tenant's admin key ({@code
 *     FETCHQ_BOOTSTRAP_ADMIN_KEY}); blank means none
 * @param additionalSensitiveHeaders request headers masked as {@code ***} in addition to {@link
 *     #DEFAULT_SENSITIVE_HEADERS} ({@code FETCHQ_SENSITIVE_HEADERS}, comma-separated)
 * @param maxRequestSize the largest request bodies accepted
 */
@Validated
@ConfigurationProperties("fetchq.api")
public record ApiProperties(
    @DefaultValue("") String bootstrapAdminKey,
    @DefaultValue List<String> additionalSensitiveHeaders,
    @Valid @DefaultValue MaxRequestSize maxRequestSize) {

  /** Request headers always masked when a job is shown (API.md "Jobs"). */
  public static final List<String> DEFAULT_SENSITIVE_HEADERS =
      List.of("Authorization", "Cookie", "Proxy-Authorization", "X-Api-Key");

  /**
   * @param jobs limit of a whole request body on every endpoint but batches (API.md: 1 MiB)
   * @param batches limit of a whole request body on {@code /api/v1/batches} (API.md: 32 MiB)
   */
  public record MaxRequestSize(
      @DefaultValue("1MB") @NotNull DataSize jobs,
      @DefaultValue("32MB") @NotNull DataSize batches) {}

  /** Every masked header name: the defaults plus the configured additions. */
  public Set<String> sensitiveHeaders() {
    Set<String> names = new LinkedHashSet<>(DEFAULT_SENSITIVE_HEADERS);
    additionalSensitiveHeaders.stream()
        .map(String::strip)
        .filter(name -> !name.isEmpty())
        .forEach(names::add);
    return names;
  }
}
