package io.fetchq.api.ratelimit.usecase;

import io.fetchq.api.ratelimit.domain.TakeResult;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantId;

/**
 * Where token buckets live: Redis (shared by every instance) or this instance's memory. Both
 * implement {@link io.fetchq.api.ratelimit.domain.BucketPair}'s arithmetic.
 */
public interface BucketStore {

  /**
   * Takes {@code cost} tokens from the global bucket and {@code tenant}'s bucket atomically, or
   * from neither; a cost of 0 only reads the tenant's bucket.
   *
   * @throws RuntimeException when the store cannot answer (unreachable, timed out)
   */
  TakeResult take(TenantId tenant, RateLimit tenantLimit, RateLimit globalLimit, int cost);
}
