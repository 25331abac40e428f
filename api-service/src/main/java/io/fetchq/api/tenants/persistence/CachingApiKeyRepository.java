package io.fetchq.api.tenants.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.ApiKeyHash;
import io.fetchq.api.tenants.domain.ApiKeyId;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.usecase.ApiKeyRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ApiKeyRepository} that remembers successful authentication lookups in memory for a
 * short time, so a busy key costs one PostgreSQL query per instance per {@code ttl} rather than one
 * per request.
 *
 * <h2>Why revocation still takes effect everywhere within 5 seconds</h2>
 *
 * <p>Several API instances run at once and each has its own cache; a key is revoked on one of them
 * (one {@code UPDATE}, committed before the 204). The design bounds how long any instance may go on
 * trusting a key it read before that commit:
 *
 * <ul>
 *   <li>Only <em>active</em> keys are cached. An unknown or revoked key is looked up again on every
 *       request, so nothing negative is ever stale.
 *   <li>An entry expires {@code ttl} after the lookup <em>started</em> (not after the answer was
 *       stored), measured on a monotonic ticker. A lookup that began before the revocation
 *       committed therefore stops being trusted at most {@code ttl} after the commit, however slow
 *       the query was. With the default {@code ttl} of 2 s (configuration allows at most 4 s) every
 *       instance refuses a revoked key well within the 5 s of API.md.
 *   <li>The instance that revokes also drops the key from its own cache at once, so the caller's
 *       next request on that instance is refused immediately.
 *   <li>The cache holds at most {@code maxEntries} keys (least recently and frequently used go
 *       first); its keys are SHA-256 digests and its values the stored digest, tenant and scopes,
 *       so no API key is ever held in memory beyond the request that presented it.
 * </ul>
 *
 * <p>Redis pub/sub invalidation was considered and not used: it would make revocation faster only
 * when Redis is healthy, would add a second failure mode to every request's authentication, and the
 * expiry bound above must hold anyway when a message is lost. A TTL alone gives the guarantee
 * without any moving part. The cost: one indexed lookup per active key per instance every {@code
 * ttl}, and a revoked key can be used on other instances for up to {@code ttl} after revocation.
 *
 * <p>Everything but {@link #findActive} goes to the database directly.
 */
public final class CachingApiKeyRepository implements ApiKeyRepository {

  /** A cached answer and when (ticker nanos) the lookup that produced it started. */
  private record Lookup(ApiKey key, long startedNanos) {}

  private final ApiKeyRepository delegate;
  private final Ticker ticker;
  private final Cache<ApiKeyHash, Lookup> active;

  /**
   * @param delegate the repository that reads the database
   * @param ttl how long a lookup is trusted after it started; zero disables the cache
   * @param maxEntries the most keys kept
   * @param ticker the monotonic time source ({@link Ticker#systemTicker()} outside tests)
   */
  public CachingApiKeyRepository(
      ApiKeyRepository delegate, Duration ttl, long maxEntries, Ticker ticker) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    if (ttl.isNegative() || maxEntries < 0) {
      throw new IllegalArgumentException("ttl and maxEntries must not be negative");
    }
    long ttlNanos = ttl.toNanos();
    this.active =
        Caffeine.newBuilder()
            // Maintenance (expiry, eviction) is cheap: run it on the calling thread, so the size
            // bound holds exactly and no background pool is involved.
            .executor(Runnable::run)
            .ticker(ticker)
            .maximumSize(maxEntries)
            .expireAfter(new TrustedFor(ttlNanos))
            .build();
  }

  @Override
  public Optional<ApiKey> findActive(ApiKeyHash hash) {
    Lookup cached = active.getIfPresent(hash);
    if (cached != null) {
      return Optional.of(cached.key());
    }
    long started = ticker.read();
    Optional<ApiKey> found = delegate.findActive(hash);
    found.ifPresent(key -> active.put(hash, new Lookup(key, started)));
    return found;
  }

  @Override
  public boolean revoke(TenantId tenant, ApiKeyId id, Instant at) {
    boolean revoked = delegate.revoke(tenant, id, at);
    // Even when this call revoked nothing (another instance did it first), a stale entry may be
    // here.
    active.asMap().values().removeIf(lookup -> lookup.key().id().equals(id));
    return revoked;
  }

  @Override
  public boolean add(ApiKey key) {
    return delegate.add(key);
  }

  @Override
  public List<ApiKey> list(TenantId tenant) {
    return delegate.list(tenant);
  }

  /** An entry lives until {@code ttl} after its lookup started; reads do not extend it. */
  private record TrustedFor(long ttlNanos) implements Expiry<ApiKeyHash, Lookup> {

    @Override
    public long expireAfterCreate(ApiKeyHash key, Lookup value, long currentTime) {
      return Math.max(0, ttlNanos - (currentTime - value.startedNanos()));
    }

    @Override
    public long expireAfterUpdate(
        ApiKeyHash key, Lookup value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(
        ApiKeyHash key, Lookup value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
