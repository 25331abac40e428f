package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.ApiKeyId;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes a tenant's API key. The stored key is marked revoked at once; instances that looked it up
 * recently stop accepting it when their cached answer expires ({@link
 * ApiKeyRepository#findActive}), within seconds.
 */
public final class RevokeApiKey {

  private static final Logger log = LoggerFactory.getLogger(RevokeApiKey.class);

  /** What {@link #revoke} did. */
  public enum Outcome {
    /** The key was valid and is now revoked. */
    REVOKED,
    /** No unrevoked key with that id belongs to that tenant (unknown, or already revoked). */
    NOT_FOUND
  }

  private final ApiKeyRepository keys;
  private final Clock clock;

  public RevokeApiKey(ApiKeyRepository keys, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Outcome revoke(TenantId tenant, ApiKeyId id) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(id, "id");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (!keys.revoke(tenant, id, now)) {
      return Outcome.NOT_FOUND;
    }
    log.info("api key revoked keyId={} tenantId={}", id, tenant);
    return Outcome.REVOKED;
  }
}
