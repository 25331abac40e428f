package io.fetchq.api.ratelimit.domain;

import io.fetchq.api.tenants.domain.RateLimit;
import java.util.Objects;

/**
 * The global bucket and one tenant's bucket, taken from together: the pure model of the Redis
 * script ({@code ratelimit/take.lua}), used as is by the per-instance fallback and by the tests
 * that pin the script's arithmetic.
 *
 * @param global the bucket every tenant shares
 * @param tenant the tenant's bucket
 */
public record BucketPair(TokenBucket global, TokenBucket tenant) {

  public BucketPair {
    Objects.requireNonNull(global, "global");
    Objects.requireNonNull(tenant, "tenant");
  }

  /** Both buckets full at {@code nowMicros}. */
  public static BucketPair full(RateLimit globalLimit, RateLimit tenantLimit, long nowMicros) {
    return new BucketPair(
        TokenBucket.full(globalLimit, nowMicros), TokenBucket.full(tenantLimit, nowMicros));
  }

  /** The result of a take and the buckets afterwards (unchanged unless granted with a cost). */
  public record Taken(TakeResult result, BucketPair after) {}

  /**
   * Takes {@code cost} tokens from both buckets at {@code nowMicros} if both hold enough, else from
   * neither. A cost of 0 only reads. A cost above a bucket's size can never be granted.
   */
  public Taken take(RateLimit globalLimit, RateLimit tenantLimit, int cost, long nowMicros) {
    if (cost < 0) {
      throw new IllegalArgumentException("cost must not be negative");
    }
    double g = global.levelAt(globalLimit, nowMicros);
    double t = tenant.levelAt(tenantLimit, nowMicros);
    if (cost > tenantLimit.burst()) {
      return unchanged(TakeResult.Verdict.EXCEEDS_CAPACITY, LimitScope.TENANT, t, 0);
    }
    if (cost > globalLimit.burst()) {
      return unchanged(TakeResult.Verdict.EXCEEDS_CAPACITY, LimitScope.GLOBAL, t, 0);
    }
    long tenantWait = TokenBucket.microsUntil(tenantLimit, t, cost);
    long globalWait = TokenBucket.microsUntil(globalLimit, g, cost);
    if (tenantWait > 0 || globalWait > 0) {
      LimitScope scope = tenantWait >= globalWait ? LimitScope.TENANT : LimitScope.GLOBAL;
      return unchanged(TakeResult.Verdict.REFUSED, scope, t, Math.max(tenantWait, globalWait));
    }
    if (cost == 0) {
      return unchanged(TakeResult.Verdict.GRANTED, null, t, 0);
    }
    BucketPair after =
        new BucketPair(new TokenBucket(g - cost, nowMicros), new TokenBucket(t - cost, nowMicros));
    return new Taken(new TakeResult(TakeResult.Verdict.GRANTED, null, t - cost, 0), after);
  }

  private Taken unchanged(TakeResult.Verdict verdict, LimitScope scope, double tenant, long wait) {
    return new Taken(new TakeResult(verdict, scope, tenant, wait), this);
  }
}
