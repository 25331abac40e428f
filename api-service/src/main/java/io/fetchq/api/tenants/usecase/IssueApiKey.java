package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.ApiKeyId;
import io.fetchq.api.tenants.domain.ApiKeySecret;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.kernel.ids.UuidV7;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues an API key for a tenant: 256 random bits from {@link SecureRandom}, of which only the
 * SHA-256 digest is stored. The key is returned once, in the outcome.
 */
public final class IssueApiKey {

  private static final Logger log = LoggerFactory.getLogger(IssueApiKey.class);

  private final ApiKeyRepository keys;
  private final Clock clock;
  private final SecureRandom random;

  public IssueApiKey(ApiKeyRepository keys, Clock clock, SecureRandom random) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  public IssueApiKeyOutcome issue(IssueApiKeyCommand command) {
    Optional<String> refused = ApiKey.scopeViolation(command.tenantId(), command.scopes());
    if (refused.isPresent()) {
      return new IssueApiKeyOutcome.ScopesRefused(refused.get());
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ApiKeySecret secret = ApiKeySecret.generate(random);
    ApiKey key =
        ApiKey.issue(
            new ApiKeyId(UuidV7.generate(now, random)),
            command.tenantId(),
            secret.hash(),
            command.scopes(),
            now);
    if (!keys.add(key)) {
      return new IssueApiKeyOutcome.TenantNotFound(command.tenantId());
    }
    log.info(
        "api key issued keyId={} tenantId={} scopes={}",
        key.id(),
        key.tenantId(),
        key.scopes().stream().map(Scope::wireName).toList());
    return new IssueApiKeyOutcome.Issued(key, secret);
  }
}
