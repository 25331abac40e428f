package io.fetchq.api.idempotency.usecase;

import io.fetchq.api.idempotency.domain.IdempotencyKey;
import io.fetchq.api.idempotency.domain.IdempotencyRecord;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Where idempotency keys are kept, per tenant. */
public interface IdempotencyKeyStore {

  /**
   * Takes the processing lock of {@code tenant}'s {@code key} if no other transaction holds it;
   * never waits. The lock is held until the caller's transaction ends, however it ends (commit,
   * rollback, lost connection). Must run inside the caller's transaction ({@link Transactions}).
   *
   * @return whether the caller now holds the lock
   */
  boolean tryLock(TenantId tenant, IdempotencyKey key);

  /**
   * Insert-first: stores {@code record} unless a record of its tenant and key that has not expired
   * at {@code record.createdAt()} exists; an expired one is replaced. Must run inside the caller's
   * transaction, which should hold the key's lock ({@link #tryLock}).
   *
   * @return empty when {@code record} now holds the key; otherwise the live record that does
   */
  Optional<IdempotencyRecord> claim(IdempotencyRecord record);

  /**
   * Records the id of what the request that claimed {@code key} created. Must run inside the
   * transaction that claimed it, which is what makes a committed record always name its resource.
   *
   * @throws IllegalStateException if the key is not stored
   */
  void complete(TenantId tenant, IdempotencyKey key, UUID resourceId);

  /**
   * Deletes at most {@code limit} records expired at {@code now}, of any tenant, in one short
   * transaction of its own (never call it inside one), skipping records another transaction holds.
   *
   * @return how many were deleted
   */
  int deleteExpired(Instant now, int limit);
}
