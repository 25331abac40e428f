package io.fetchq.api.tenants.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A customer of the platform: it owns jobs, batches, dead letters and API keys, and none of them is
 * visible to another tenant.
 *
 * @param id the tenant's id (UUIDv7)
 * @param name its unique name
 * @param rateLimit its token bucket
 * @param webhookSecret the secret its webhooks are signed with
 * @param createdAt when it was created
 */
public record Tenant(
    TenantId id,
    TenantName name,
    RateLimit rateLimit,
    WebhookSecret webhookSecret,
    Instant createdAt) {

  public Tenant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(webhookSecret, "webhookSecret");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
