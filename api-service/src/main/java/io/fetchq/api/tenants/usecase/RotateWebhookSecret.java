package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.domain.WebhookSecret;
import io.fetchq.api.tenants.domain.WebhookSigningSecrets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /api/v1/webhook-secret/rotate}: gives the tenant a new webhook secret; the replaced
 * one keeps signing next to it for {@link WebhookSigningSecrets#OVERLAP}. A second rotation within
 * that window replaces the previous secret too (the secret of the first rotation becomes the
 * previous one), exactly as a receiver that always stores the newest secret expects.
 */
public final class RotateWebhookSecret {

  private final TenantRepository tenants;
  private final SecureRandom random;
  private final Clock clock;

  public RotateWebhookSecret(TenantRepository tenants, SecureRandom random, Clock clock) {
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The tenant's secrets after the rotation; empty if the tenant does not exist. */
  public Optional<WebhookSigningSecrets> rotate(TenantId tenant) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
    return tenants.rotateWebhookSecret(tenant, WebhookSecret.generate(random), now);
  }
}
