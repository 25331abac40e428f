package io.fetchq.api.ratelimit.usecase;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.fetchq.api.ratelimit.domain.BucketPair;
import io.fetchq.api.ratelimit.domain.TakeResult;
import io.fetchq.api.ratelimit.domain.TokenBucket;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Token buckets in this instance's memory, with {@link BucketPair}'s arithmetic: the fallback while
 * Redis is unreachable. Each instance then enforces the full limits on its own, so N instances
 * accept up to N times a tenant's rate; that is the price of answering at all.
 *
 * <p>Like the Redis buckets, a tenant's bucket is forgotten once it would be full again, and at
 * most {@code maxTenants} are kept (the least recently used go first, which hands them a full
 * bucket). Takes are serialized by one lock: the fallback is for outages, not for speed.
 */
public final class LocalBucketStore implements BucketStore {

  private record Entry(TokenBucket bucket, RateLimit limit) {}

  private final LongSupplier nowMicros;
  private final Cache<TenantId, Entry> tenants;
  private TokenBucket global;

  /**
   * @param nowMicros a monotonic clock in microseconds
   * @param maxTenants the most tenant buckets kept
   */
  public LocalBucketStore(LongSupplier nowMicros, long maxTenants) {
    this.nowMicros = Objects.requireNonNull(nowMicros, "nowMicros");
    this.tenants =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumSize(maxTenants)
            .ticker(() -> nowMicros.getAsLong() * 1000)
            .expireAfter(new UntilFull())
            .build();
  }

  @Override
  public synchronized TakeResult take(
      TenantId tenant, RateLimit tenantLimit, RateLimit globalLimit, int cost) {
    long now = nowMicros.getAsLong();
    Entry entry = tenants.getIfPresent(tenant);
    BucketPair pair =
        new BucketPair(
            global == null ? TokenBucket.full(globalLimit, now) : global,
            entry == null ? TokenBucket.full(tenantLimit, now) : entry.bucket());
    BucketPair.Taken taken = pair.take(globalLimit, tenantLimit, cost, now);
    if (taken.after() != pair) {
      global = taken.after().global();
      tenants.put(tenant, new Entry(taken.after().tenant(), tenantLimit));
    }
    return taken.result();
  }

  /** An entry lives until its bucket would be full again. */
  private static final class UntilFull implements Expiry<TenantId, Entry> {

    @Override
    public long expireAfterCreate(TenantId key, Entry value, long currentTime) {
      double missing = value.limit().burst() - value.bucket().tokens();
      return (long) Math.ceil(missing / value.limit().perSecond() * 1e9) + 1_000_000_000L;
    }

    @Override
    public long expireAfterUpdate(
        TenantId key, Entry value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(TenantId key, Entry value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
