package io.fetchq.api.idempotency.usecase;

import io.fetchq.api.idempotency.domain.IdempotencyRecord;
import io.fetchq.api.idempotency.domain.IdempotentRequest;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs a submission at most once per tenant and idempotency key (IETF
 * draft-ietf-httpapi-idempotency-key-header, with Stripe's semantics). Any submission endpoint uses
 * it: jobs now, batches with {@code IdempotentResource.BATCH}.
 *
 * <p><b>One transaction, no orphan.</b> Everything happens in a single database transaction: take
 * the key's processing lock without waiting, insert the key's record first (insert-first on the
 * unique {@code (tenant, key)}, never check-then-insert), run the caller's work (which stores the
 * job or batch and its outbox rows), record the created id, commit. So a committed key always names
 * what it created, a created resource always has its key, and there is no "processing" row to
 * recover: a request that fails or whose process dies rolls back its key with its work and frees
 * the lock (PostgreSQL releases it with the transaction or the lost connection). A retry after a
 * 5xx therefore runs afresh; nothing is left blocked.
 *
 * <p><b>In flight.</b> A request whose key's lock is held by another transaction is {@link
 * IdempotencyOutcome.InFlight} (409) at once, without waiting. Once the first commits, the same
 * request is {@link IdempotencyOutcome.Replayed} (200) and a different one {@link
 * IdempotencyOutcome.KeyReused} (422). The lock only decides between 409 and waiting; the primary
 * key alone guarantees a single record, so concurrent identical submissions create exactly one
 * resource.
 *
 * <p><b>What consumes a key.</b> Only work that commits. Requests refused before this use case runs
 * (validation, rate limit, refused destination) never reach it; work that throws rolls the key
 * back.
 *
 * <p><b>Expiry.</b> A record is kept for the configured time to live (at least 24 h) from its first
 * use; from then on the key is forgotten: the next request with it is a new request, whether or not
 * the purge has deleted the record yet.
 */
public final class ExecuteIdempotently {

  private final IdempotencyKeyStore store;
  private final Transactions transactions;
  private final Clock clock;
  private final Duration timeToLive;

  /**
   * @param timeToLive how long a key is kept after its first use; positive
   */
  public ExecuteIdempotently(
      IdempotencyKeyStore store, Transactions transactions, Clock clock, Duration timeToLive) {
    this.store = Objects.requireNonNull(store, "store");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
    if (timeToLive.isNegative() || timeToLive.isZero()) {
      throw new IllegalArgumentException("timeToLive must be positive");
    }
  }

  /**
   * Runs {@code work} for {@code tenant}'s {@code request} unless its key says otherwise. {@code
   * work} runs inside the transaction that stores the key; it stores what the request creates
   * (through ports that join the caller's transaction) and returns its id. To refuse, it throws:
   * the key is then not stored, and the exception propagates.
   */
  public IdempotencyOutcome execute(
      TenantId tenant, IdempotentRequest request, Supplier<UUID> work) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(work, "work");
    return transactions.inTransaction(
        () -> {
          if (!store.tryLock(tenant, request.key())) {
            return new IdempotencyOutcome.InFlight(request.key());
          }
          // Microseconds: what PostgreSQL keeps, so the stored expiry is the one computed here.
          Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
          Optional<IdempotencyRecord> holder =
              store.claim(IdempotencyRecord.claim(tenant, request, now, now.plus(timeToLive)));
          if (holder.isPresent()) {
            return answerFrom(holder.get(), request);
          }
          UUID created = Objects.requireNonNull(work.get(), "work returned no resource id");
          store.complete(tenant, request.key(), created);
          return new IdempotencyOutcome.Executed(created);
        });
  }

  private static IdempotencyOutcome answerFrom(
      IdempotencyRecord holder, IdempotentRequest request) {
    if (!holder.sameRequestAs(request)) {
      return new IdempotencyOutcome.KeyReused(request.key());
    }
    if (holder.resourceId() == null) {
      throw new IllegalStateException("a committed idempotency key names no resource");
    }
    return new IdempotencyOutcome.Replayed(holder.resourceId());
  }
}
