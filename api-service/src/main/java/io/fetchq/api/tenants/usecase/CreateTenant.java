package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.domain.WebhookSecret;
import io.fetchq.kernel.ids.UuidV7;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a tenant with a UUIDv7 id and a fresh webhook secret. A taken name creates nothing: the
 * store's unique name decides, so concurrent creations of one name create one tenant.
 */
public final class CreateTenant {

  private static final Logger log = LoggerFactory.getLogger(CreateTenant.class);

  private final TenantRepository tenants;
  private final Clock clock;
  private final SecureRandom random;

  public CreateTenant(TenantRepository tenants, Clock clock, SecureRandom random) {
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  public CreateTenantOutcome create(CreateTenantCommand command) {
    // Milliseconds are what the API shows; keep stored and shown equal.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Tenant tenant =
        new Tenant(
            new TenantId(UuidV7.generate(now, random)),
            command.name(),
            command.rateLimit(),
            WebhookSecret.generate(random),
            now);
    if (!tenants.add(tenant)) {
      return new CreateTenantOutcome.NameTaken(command.name());
    }
    log.info("tenant created tenantId={} name={}", tenant.id(), tenant.name());
    return new CreateTenantOutcome.Created(tenant);
  }
}
