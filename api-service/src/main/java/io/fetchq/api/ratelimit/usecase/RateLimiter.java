package io.fetchq.api.ratelimit.usecase;

import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import io.fetchq.api.ratelimit.domain.RateLimitStatus;
import io.fetchq.api.tenants.domain.TenantId;

/**
 * The rate limits of API.md: a token bucket per tenant plus a global one, shared by every API
 * instance. Use cases that create jobs call {@link #acquire} before they store anything: a job
 * costs 1 token, a batch of N costs N. Implementations never throw because the shared store is
 * unreachable: they fall back to per-instance buckets.
 */
public interface RateLimiter {

  /**
   * Takes {@code cost} tokens from {@code tenant}'s bucket and from the global bucket if both hold
   * enough, or from neither.
   *
   * @param cost 1 or more
   * @return {@link RateLimitDecision.Granted} when taken; otherwise why not, nothing taken
   */
  RateLimitDecision acquire(TenantId tenant, int cost);

  /** {@code tenant}'s bucket now, without taking anything (for answers that cost nothing). */
  RateLimitStatus peek(TenantId tenant);
}
