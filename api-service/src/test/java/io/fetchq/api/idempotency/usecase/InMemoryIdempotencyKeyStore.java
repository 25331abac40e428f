package io.fetchq.api.idempotency.usecase;

import io.fetchq.api.idempotency.domain.IdempotencyKey;
import io.fetchq.api.idempotency.domain.IdempotencyRecord;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Idempotency records in a map. Locks are not tracked per transaction: a key is locked when a test
 * says another request holds it ({@link #holdElsewhere}). {@link #all()} and {@link #restore} let a
 * fake transaction roll the store back.
 */
public class InMemoryIdempotencyKeyStore implements IdempotencyKeyStore {

  private record Id(TenantId tenant, IdempotencyKey key) {}

  private final Map<Id, IdempotencyRecord> records = new LinkedHashMap<>();
  private final Set<Id> heldElsewhere = new HashSet<>();
  private final List<Integer> deleteLimits = new ArrayList<>();

  @Override
  public synchronized boolean tryLock(TenantId tenant, IdempotencyKey key) {
    return !heldElsewhere.contains(new Id(tenant, key));
  }

  @Override
  public synchronized Optional<IdempotencyRecord> claim(IdempotencyRecord record) {
    Id id = new Id(record.tenantId(), record.key());
    IdempotencyRecord held = records.get(id);
    if (held != null && !held.expiredAt(record.createdAt())) {
      return Optional.of(held);
    }
    records.put(id, record);
    return Optional.empty();
  }

  @Override
  public synchronized void complete(TenantId tenant, IdempotencyKey key, UUID resourceId) {
    Id id = new Id(tenant, key);
    IdempotencyRecord held = records.get(id);
    if (held == null) {
      throw new IllegalStateException("no idempotency key to complete");
    }
    records.put(
        id,
        new IdempotencyRecord(
            tenant,
            key,
            held.resource(),
            held.fingerprint(),
            resourceId,
            held.createdAt(),
            held.expiresAt()));
  }

  @Override
  public synchronized int deleteExpired(Instant now, int limit) {
    deleteLimits.add(limit);
    List<Id> expired =
        records.entrySet().stream()
            .filter(entry -> entry.getValue().expiredAt(now))
            .sorted(Comparator.comparing(entry -> entry.getValue().expiresAt()))
            .limit(limit)
            .map(Map.Entry::getKey)
            .toList();
    expired.forEach(records::remove);
    return expired.size();
  }

  /** Makes {@link #tryLock} fail for this key, as if another request were processing it. */
  public synchronized void holdElsewhere(TenantId tenant, IdempotencyKey key) {
    heldElsewhere.add(new Id(tenant, key));
  }

  public synchronized void put(IdempotencyRecord record) {
    records.put(new Id(record.tenantId(), record.key()), record);
  }

  public synchronized Optional<IdempotencyRecord> find(TenantId tenant, IdempotencyKey key) {
    return Optional.ofNullable(records.get(new Id(tenant, key)));
  }

  public synchronized List<IdempotencyRecord> all() {
    return new ArrayList<>(records.values());
  }

  /** How many statements {@link #deleteExpired} ran, and their limits. */
  public synchronized List<Integer> deleteLimits() {
    return List.copyOf(deleteLimits);
  }

  /** Replaces every record by {@code snapshot} (taken with {@link #all()}): a rollback. */
  public synchronized void restore(List<IdempotencyRecord> snapshot) {
    records.clear();
    snapshot.forEach(this::put);
  }
}
