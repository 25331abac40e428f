package io.fetchq.api.tenants.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.domain.TenantName;
import io.fetchq.api.tenants.domain.WebhookSecret;
import io.fetchq.api.tenants.domain.WebhookSigningSecrets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RotateWebhookSecretTest {

  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00.123456789Z");

  private final InMemoryTenantRepository tenants = new InMemoryTenantRepository();
  private final RotateWebhookSecret rotate =
      new RotateWebhookSecret(tenants, new SecureRandom(), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void givesANewSecretAndKeepsTheReplacedOneSigning() {
    WebhookSecret original = WebhookSecret.generate(new SecureRandom());
    TenantId id = new TenantId(UUID.randomUUID());
    tenants.add(new Tenant(id, new TenantName("acme"), new RateLimit(10, 20), original, NOW));

    WebhookSigningSecrets rotated = rotate.rotate(id).orElseThrow();

    assertThat(rotated.current()).isNotEqualTo(original);
    assertThat(rotated.previous()).isEqualTo(original);
    assertThat(rotated.rotatedAt()).isEqualTo(Instant.parse("2026-12-04T10:00:00.123456Z"));
    assertThat(rotated.signingAt(NOW)).containsExactly(rotated.current(), original);
    assertThat(tenants.webhookSecrets(id)).contains(rotated);
    assertThat(tenants.find(id).orElseThrow().webhookSecret()).isEqualTo(rotated.current());
  }

  @Test
  void anUnknownTenantHasNothingToRotate() {
    assertThat(rotate.rotate(new TenantId(UUID.randomUUID()))).isEmpty();
  }
}
