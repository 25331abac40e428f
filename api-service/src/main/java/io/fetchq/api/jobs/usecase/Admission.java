package io.fetchq.api.jobs.usecase;

import io.fetchq.api.idempotency.domain.IdempotentRequest;
import io.fetchq.api.idempotency.usecase.ExecuteIdempotently;
import io.fetchq.api.idempotency.usecase.IdempotencyOutcome;
import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import io.fetchq.api.ratelimit.usecase.RateLimiter;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.Objects;
import java.util.UUID;

/**
 * The one way a submission (a job, a batch) is let in: its rate-limit cost, its optional
 * idempotency key, and the transaction that stores it.
 *
 * <p>Without a key, the tokens are taken before the transaction (no database transaction waits on
 * Redis). With a key, the key is looked up first ({@link ExecuteIdempotently}), so a replay, a key
 * reused for another request (422) or a key in flight (409) costs no token; the tokens are taken
 * inside the key's transaction, and a refusal unwinds it, so a rate-limited request never uses its
 * key up. Tokens are not given back if storing fails afterwards.
 */
public final class Admission {

  private final Transactions transactions;
  private final ExecuteIdempotently idempotently;
  private final RateLimiter rateLimits;

  public Admission(
      Transactions transactions, ExecuteIdempotently idempotently, RateLimiter rateLimits) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.idempotently = Objects.requireNonNull(idempotently, "idempotently");
    this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
  }

  /**
   * Admits a submission of {@code cost} tokens that creates {@code resourceId}.
   *
   * @param idempotency the request's key and fingerprint; null without an {@code Idempotency-Key}
   * @param store writes the submission; runs inside the transaction, only if admitted
   */
  public AdmissionOutcome admit(
      TenantId tenant, int cost, IdempotentRequest idempotency, UUID resourceId, Runnable store) {
    return admit(
        tenant,
        cost,
        idempotency,
        resourceId,
        store,
        () ->
            transactions.inTransaction(
                () -> {
                  store.run();
                  return resourceId;
                }));
  }

  /**
   * Admits a submission that has a way of its own to be stored durably without a key (a single
   * job's group commit, {@link JobIntake}).
   *
   * @param store writes the submission inside the idempotency key's transaction (with a key)
   * @param storeDurably writes and commits the submission on its own (without a key); committed
   *     when it returns
   */
  public AdmissionOutcome admit(
      TenantId tenant,
      int cost,
      IdempotentRequest idempotency,
      UUID resourceId,
      Runnable store,
      Runnable storeDurably) {
    if (idempotency == null) {
      RateLimitDecision rate = rateLimits.acquire(tenant, cost);
      if (!(rate instanceof RateLimitDecision.Granted)) {
        return new AdmissionOutcome.RateLimited(rate);
      }
      storeDurably.run();
      return new AdmissionOutcome.Stored();
    }
    IdempotencyOutcome outcome;
    try {
      outcome =
          idempotently.execute(
              tenant,
              idempotency,
              () -> {
                RateLimitDecision rate = rateLimits.acquire(tenant, cost);
                if (!(rate instanceof RateLimitDecision.Granted)) {
                  throw new RateRefused(rate); // rolls the key back: it was never used
                }
                store.run();
                return resourceId;
              });
    } catch (RateRefused refusal) {
      return new AdmissionOutcome.RateLimited(refusal.decision);
    }
    return switch (outcome) {
      case IdempotencyOutcome.Executed executed -> new AdmissionOutcome.Stored();
      case IdempotencyOutcome.Replayed replayed ->
          new AdmissionOutcome.Replayed(replayed.resourceId());
      case IdempotencyOutcome.KeyReused reused -> new AdmissionOutcome.KeyReused(reused.key());
      case IdempotencyOutcome.InFlight inFlight -> new AdmissionOutcome.KeyInFlight(inFlight.key());
    };
  }

  /** Unwinds the idempotency transaction when the rate limit refuses the submission. */
  private static final class RateRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient RateLimitDecision decision;

    RateRefused(RateLimitDecision decision) {
      super(null, null, false, false);
      this.decision = decision;
    }
  }
}
