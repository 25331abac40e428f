package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.domain.WebhookSecret;
import io.fetchq.api.tenants.domain.WebhookSigningSecrets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tenants in a map; like the table, names are unique. */
public final class InMemoryTenantRepository implements TenantRepository {

  private final Map<TenantId, Tenant> tenants = new LinkedHashMap<>();
  private final Map<TenantId, WebhookSigningSecrets> secrets = new LinkedHashMap<>();

  @Override
  public synchronized boolean add(Tenant tenant) {
    if (tenants.values().stream().anyMatch(t -> t.name().equals(tenant.name()))) {
      return false;
    }
    if (tenants.putIfAbsent(tenant.id(), tenant) != null) {
      throw new IllegalStateException("duplicate tenant id " + tenant.id());
    }
    return true;
  }

  @Override
  public synchronized Optional<Tenant> find(TenantId id) {
    return Optional.ofNullable(tenants.get(id));
  }

  @Override
  public synchronized Optional<WebhookSigningSecrets> webhookSecrets(TenantId id) {
    return find(id)
        .map(tenant -> secrets.getOrDefault(id, WebhookSigningSecrets.of(tenant.webhookSecret())));
  }

  @Override
  public synchronized Optional<WebhookSigningSecrets> rotateWebhookSecret(
      TenantId id, WebhookSecret next, Instant now) {
    Optional<WebhookSigningSecrets> rotated =
        webhookSecrets(id).map(current -> current.rotate(next, now));
    rotated.ifPresent(
        r -> {
          secrets.put(id, r);
          Tenant tenant = tenants.get(id);
          tenants.put(
              id,
              new Tenant(tenant.id(), tenant.name(), tenant.rateLimit(), next, tenant.createdAt()));
        });
    return rotated;
  }

  /** Every stored tenant, in insertion order. */
  public synchronized List<Tenant> all() {
    return List.copyOf(tenants.values());
  }

  public synchronized void clear() {
    tenants.clear();
  }
}
