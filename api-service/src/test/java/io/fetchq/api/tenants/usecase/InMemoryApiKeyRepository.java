package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.ApiKeyHash;
import io.fetchq.api.tenants.domain.ApiKeyId;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Keys in a map, as the table holds them: a key is stored only if its tenant exists in {@code
 * tenants}; digests are unique. Counts lookups, so tests can tell cached answers from fresh ones.
 */
public final class InMemoryApiKeyRepository implements ApiKeyRepository {

  private final Predicate<TenantId> tenantExists;
  private final Map<ApiKeyId, ApiKey> keys = new LinkedHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();

  /**
   * @param tenantExists whether a tenant exists (the foreign key)
   */
  public InMemoryApiKeyRepository(Predicate<TenantId> tenantExists) {
    this.tenantExists = tenantExists;
  }

  @Override
  public synchronized boolean add(ApiKey key) {
    if (!tenantExists.test(key.tenantId())) {
      return false;
    }
    if (keys.values().stream().anyMatch(k -> k.hash().equals(key.hash()))) {
      throw new IllegalStateException("duplicate key digest");
    }
    keys.put(key.id(), key);
    return true;
  }

  @Override
  public synchronized Optional<ApiKey> findActive(ApiKeyHash hash) {
    lookups.incrementAndGet();
    return keys.values().stream().filter(k -> k.isActive() && k.hash().equals(hash)).findFirst();
  }

  @Override
  public synchronized List<ApiKey> list(TenantId tenant) {
    return keys.values().stream()
        .filter(k -> k.tenantId().equals(tenant))
        .sorted(Comparator.comparing((ApiKey k) -> k.id().value()).reversed())
        .toList();
  }

  @Override
  public synchronized boolean revoke(TenantId tenant, ApiKeyId id, Instant at) {
    ApiKey key = keys.get(id);
    if (key == null || !key.tenantId().equals(tenant) || !key.isActive()) {
      return false;
    }
    keys.put(
        id, new ApiKey(key.id(), key.tenantId(), key.hash(), key.scopes(), key.createdAt(), at));
    return true;
  }

  /** The stored key {@code id}, whatever its state. */
  public synchronized Optional<ApiKey> get(ApiKeyId id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** How many times {@link #findActive} was called. */
  public int lookups() {
    return lookups.get();
  }

  public synchronized void clear() {
    keys.clear();
    lookups.set(0);
  }
}
