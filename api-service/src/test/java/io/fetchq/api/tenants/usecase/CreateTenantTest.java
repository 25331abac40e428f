package io.fetchq.api.tenants.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantName;
import io.fetchq.kernel.ids.UuidV7;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CreateTenantTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.123456Z");

  private final InMemoryTenantRepository tenants = new InMemoryTenantRepository();
  private final CreateTenant createTenant =
      new CreateTenant(tenants, Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());

  @Test
  void createsATenantWithAFreshSecretAndATimeOrderedId() {
    CreateTenantOutcome outcome =
        createTenant.create(
            new CreateTenantCommand(new TenantName("acme"), new RateLimit(100, 200)));

    assertThat(outcome).isInstanceOf(CreateTenantOutcome.Created.class);
    Tenant tenant = ((CreateTenantOutcome.Created) outcome).tenant();
    assertThat(tenant.name()).isEqualTo(new TenantName("acme"));
    assertThat(tenant.rateLimit()).isEqualTo(new RateLimit(100, 200));
    assertThat(tenant.createdAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123Z"));
    assertThat(tenant.id().value().version()).isEqualTo(7);
    assertThat(UuidV7.timestampOf(tenant.id().value())).isEqualTo(tenant.createdAt());
    assertThat(tenant.webhookSecret().value()).startsWith("whsec_");
    assertThat(tenant.webhookSecret().key()).hasSize(32);
    assertThat(tenants.find(tenant.id())).contains(tenant);
  }

  @Test
  void givesEveryTenantItsOwnSecret() {
    Tenant first = created("one");
    Tenant second = created("two");

    assertThat(first.webhookSecret()).isNotEqualTo(second.webhookSecret());
    assertThat(first.id()).isNotEqualTo(second.id());
  }

  @Test
  void refusesATakenNameAndStoresNothing() {
    created("acme");

    CreateTenantOutcome outcome =
        createTenant.create(new CreateTenantCommand(new TenantName("acme"), RateLimit.DEFAULT));

    assertThat(outcome).isEqualTo(new CreateTenantOutcome.NameTaken(new TenantName("acme")));
    assertThat(tenants.all()).hasSize(1);
  }

  private Tenant created(String name) {
    return ((CreateTenantOutcome.Created)
            createTenant.create(new CreateTenantCommand(new TenantName(name), RateLimit.DEFAULT)))
        .tenant();
  }
}
