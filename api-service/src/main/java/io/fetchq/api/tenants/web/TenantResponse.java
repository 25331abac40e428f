package io.fetchq.api.tenants.web;

import io.fetchq.api.tenants.domain.Tenant;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A tenant as the admin API shows it. */
@Schema(description = "A tenant.")
public record TenantResponse(
    UUID id,
    String name,
    RateLimitView rateLimit,
    @Schema(
            example = "whsec_pbYUC1W85YVvZKPbgswkd726IhuXyiU7pNmXhzyNOZw=",
            description =
                "Secret the tenant's webhooks are signed with (Standard Webhooks): whsec_ + base64"
                    + " of 32 random bytes.")
        String webhookSecret,
    Instant createdAt) {

  /** The tenant's token bucket. */
  public record RateLimitView(int perSecond, int burst) {}

  static TenantResponse of(Tenant tenant) {
    return new TenantResponse(
        tenant.id().value(),
        tenant.name().value(),
        new RateLimitView(tenant.rateLimit().perSecond(), tenant.rateLimit().burst()),
        tenant.webhookSecret().value(),
        tenant.createdAt());
  }
}
