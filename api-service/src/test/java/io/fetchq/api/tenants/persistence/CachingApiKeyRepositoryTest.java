package io.fetchq.api.tenants.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.ApiKeyHash;
import io.fetchq.api.tenants.domain.ApiKeyId;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.usecase.ApiKeyRepository;
import io.fetchq.api.tenants.usecase.InMemoryApiKeyRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lookup cache: what it remembers, for how long, and what it forgets at once. */
class CachingApiKeyRepositoryTest {

  private static final Duration TTL = Duration.ofSeconds(2);
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId ACME =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001"));
  private static final TenantId GLOBEX =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000002"));

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final InMemoryApiKeyRepository database = new InMemoryApiKeyRepository(tenant -> true);
  private final CachingApiKeyRepository keys =
      new CachingApiKeyRepository(database, TTL, 100, nanos::get);

  @Test
  void answersRepeatedLookupsFromMemoryWithinTheTtl() {
    ApiKey key = stored(1);

    for (int i = 0; i < 50; i++) {
      assertThat(keys.findActive(key.hash())).contains(key);
      advance(Duration.ofMillis(39));
    }

    assertThat(database.lookups()).isEqualTo(1);
  }

  @Test
  void looksAKeyUpAgainOnceTheTtlHasPassed() {
    ApiKey key = stored(1);
    keys.findActive(key.hash());

    advance(TTL.minusNanos(1));
    keys.findActive(key.hash());
    assertThat(database.lookups()).isEqualTo(1);

    advance(Duration.ofNanos(1));
    keys.findActive(key.hash());
    assertThat(database.lookups()).isEqualTo(2);
  }

  @Test
  void trustsALookupForTheTtlFromWhenItStartedNotFromWhenItEnded() {
    ApiKey key = stored(1);
    ApiKeyRepository slowDatabase =
        new Delegating(database) {
          @Override
          public Optional<ApiKey> findActive(ApiKeyHash hash) {
            advance(Duration.ofMillis(1500)); // the query takes 1.5 s
            return super.findActive(hash);
          }
        };
    CachingApiKeyRepository cache = new CachingApiKeyRepository(slowDatabase, TTL, 100, nanos::get);
    cache.findActive(key.hash());

    advance(Duration.ofMillis(499));
    cache.findActive(key.hash());
    assertThat(database.lookups()).isEqualTo(1);

    advance(Duration.ofMillis(1));
    cache.findActive(key.hash());
    assertThat(database.lookups()).isEqualTo(2);
  }

  @Test
  void refusesARevokedKeyOnOtherInstancesOnceTheTtlHasPassed() {
    ApiKey key = stored(1);
    CachingApiKeyRepository otherInstance =
        new CachingApiKeyRepository(database, TTL, 100, nanos::get);
    assertThat(otherInstance.findActive(key.hash())).isPresent();

    advance(Duration.ofMillis(500));
    assertThat(keys.revoke(ACME, key.id(), NOW)).isTrue();

    assertThat(keys.findActive(key.hash())).isEmpty();
    advance(TTL.minusMillis(500).minusNanos(1));
    assertThat(otherInstance.findActive(key.hash())).as("still cached").isPresent();
    advance(Duration.ofNanos(1));
    assertThat(otherInstance.findActive(key.hash())).isEmpty();
  }

  @Test
  void forgetsARevokedKeyAtOnceOnTheRevokingInstance() {
    ApiKey key = stored(1);
    ApiKey other = stored(2);
    keys.findActive(key.hash());
    keys.findActive(other.hash());

    assertThat(keys.revoke(ACME, key.id(), NOW)).isTrue();

    assertThat(keys.findActive(key.hash())).isEmpty();
    assertThat(keys.findActive(other.hash())).contains(other);
    assertThat(database.lookups()).isEqualTo(3);
  }

  @Test
  void forgetsAKeyRevokedElsewhereWhenAskedToRevokeItAgain() {
    ApiKey key = stored(1);
    keys.findActive(key.hash());
    database.revoke(ACME, key.id(), NOW);

    assertThat(keys.revoke(ACME, key.id(), NOW)).isFalse();
    assertThat(keys.findActive(key.hash())).isEmpty();
  }

  @Test
  void neverRemembersAMiss() {
    ApiKeyHash unknown = ApiKeyHash.of("fq_unknown");

    keys.findActive(unknown);
    keys.findActive(unknown);
    ApiKey issuedLater = stored(1);

    assertThat(database.lookups()).isEqualTo(2);
    assertThat(keys.findActive(issuedLater.hash())).contains(issuedLater);
  }

  @Test
  void keepsAtMostTheConfiguredNumberOfKeys() {
    CachingApiKeyRepository small = new CachingApiKeyRepository(database, TTL, 2, nanos::get);
    List<ApiKey> many = List.of(stored(1), stored(2), stored(3), stored(4), stored(5));
    many.forEach(key -> small.findActive(key.hash()));
    int afterFill = database.lookups();

    many.forEach(key -> small.findActive(key.hash()));

    assertThat(database.lookups() - afterFill).isGreaterThanOrEqualTo(3);
  }

  @Test
  void withAZeroTtlLooksEveryRequestUp() {
    CachingApiKeyRepository uncached =
        new CachingApiKeyRepository(database, Duration.ZERO, 100, nanos::get);
    ApiKey key = stored(1);

    uncached.findActive(key.hash());
    uncached.findActive(key.hash());

    assertThat(database.lookups()).isEqualTo(2);
  }

  @Test
  void passesWritesAndListsThrough() {
    ApiKey key = key(1, ACME);

    assertThat(keys.add(key)).isTrue();
    assertThat(keys.list(ACME)).containsExactly(key);
    assertThat(keys.list(GLOBEX)).isEmpty();
  }

  @Test
  void refusesNegativeSettings() {
    assertThatThrownBy(
            () -> new CachingApiKeyRepository(database, Duration.ofSeconds(-1), 1, nanos::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CachingApiKeyRepository(database, TTL, -1, nanos::get))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private ApiKey stored(int n) {
    ApiKey key = key(n, ACME);
    database.add(key);
    return key;
  }

  private static ApiKey key(int n, TenantId tenant) {
    return ApiKey.issue(
        new ApiKeyId(new UUID(0x0190f5c200007000L, 0x8000000000000000L + n)),
        tenant,
        ApiKeyHash.of("key-" + n),
        Set.of(Scope.JOBS_READ),
        NOW);
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  /** Passes every call to {@code delegate}; override to change one. */
  private static class Delegating implements ApiKeyRepository {
    private final ApiKeyRepository delegate;

    Delegating(ApiKeyRepository delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean add(ApiKey key) {
      return delegate.add(key);
    }

    @Override
    public Optional<ApiKey> findActive(ApiKeyHash hash) {
      return delegate.findActive(hash);
    }

    @Override
    public List<ApiKey> list(TenantId tenant) {
      return delegate.list(tenant);
    }

    @Override
    public boolean revoke(TenantId tenant, ApiKeyId id, Instant at) {
      return delegate.revoke(tenant, id, at);
    }
  }
}
