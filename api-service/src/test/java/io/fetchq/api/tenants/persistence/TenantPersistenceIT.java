package io.fetchq.api.tenants.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.ApiKeyHash;
import io.fetchq.api.tenants.domain.ApiKeyId;
import io.fetchq.api.tenants.domain.ApiKeySecret;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.domain.TenantName;
import io.fetchq.api.tenants.domain.WebhookSecret;
import io.fetchq.kernel.ids.UuidV7;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The JDBC adapters of tenants and keys against PostgreSQL and the real changelog. */
class TenantPersistenceIT extends ApiIntegrationTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");

  private final SecureRandom random = new SecureRandom();

  @Test
  void storesAndReadsATenant() {
    JdbcTenantRepository tenants = new JdbcTenantRepository(dataSource);
    Tenant tenant = tenant("stored", new RateLimit(7, 70));

    assertThat(tenants.add(tenant)).isTrue();

    assertThat(tenants.find(tenant.id())).contains(tenant);
    assertThat(tenants.find(new TenantId(UUID.randomUUID()))).isEmpty();
  }

  @Test
  void storesOneOfManyConcurrentTenantsWithTheSameName() throws Exception {
    JdbcTenantRepository tenants = new JdbcTenantRepository(dataSource);
    String name = "race-" + Long.toString(System.nanoTime(), 36);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      var attempts =
          IntStream.range(0, 8)
              .mapToObj(i -> (Callable<Boolean>) () -> tenants.add(tenant(name, RateLimit.DEFAULT)))
              .toList();
      long stored = 0;
      for (Future<Boolean> added : pool.invokeAll(attempts)) {
        stored += added.get() ? 1 : 0;
      }
      assertThat(stored).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theSystemTenantHasTheDefaultLimitAndASecretFromTheMigration() {
    Tenant system = new JdbcTenantRepository(dataSource).find(TenantId.SYSTEM).orElseThrow();

    assertThat(system.name()).isEqualTo(new TenantName("system"));
    assertThat(system.rateLimit()).isEqualTo(RateLimit.DEFAULT);
    assertThat(system.webhookSecret().key()).hasSize(32);
  }

  @Test
  void findsOnlyActiveKeysByDigestAndRevokesOnlyForTheOwner() {
    Tenant owner = addTenant("owner");
    Tenant other = addTenant("other");
    JdbcApiKeyRepository keys = new JdbcApiKeyRepository(dataSource);
    ApiKeySecret secret = ApiKeySecret.generate(random);
    ApiKey key = key(owner.id(), secret.hash(), T0, Scope.JOBS_WRITE, Scope.JOBS_READ);

    assertThat(keys.add(key)).isTrue();
    assertThat(keys.findActive(secret.hash())).contains(key);
    assertThat(keys.findActive(ApiKeyHash.of("fq_nothing"))).isEmpty();

    assertThat(keys.revoke(other.id(), key.id(), T0.plusSeconds(1))).isFalse();
    assertThat(keys.findActive(secret.hash())).isPresent();
    assertThat(keys.revoke(owner.id(), key.id(), T0.plusSeconds(1))).isTrue();
    assertThat(keys.revoke(owner.id(), key.id(), T0.plusSeconds(2))).isFalse();
    assertThat(keys.findActive(secret.hash())).isEmpty();
    assertThat(keys.list(owner.id()))
        .singleElement()
        .satisfies(stored -> assertThat(stored.revokedAt()).isEqualTo(T0.plusSeconds(1)));
  }

  @Test
  void storesNoKeyForATenantThatDoesNotExist() {
    JdbcApiKeyRepository keys = new JdbcApiKeyRepository(dataSource);
    TenantId missing = new TenantId(UUID.randomUUID());

    assertThat(keys.add(key(missing, ApiKeyHash.of("k-missing"), T0, Scope.JOBS_READ))).isFalse();
    assertThat(keys.list(missing)).isEmpty();
  }

  @Test
  void listsATenantsKeysNewestFirst() {
    Tenant owner = addTenant("listed");
    JdbcApiKeyRepository keys = new JdbcApiKeyRepository(dataSource);
    ApiKey older = key(owner.id(), ApiKeyHash.of("k-older-" + owner.id()), T0, Scope.JOBS_READ);
    ApiKey newer =
        key(owner.id(), ApiKeyHash.of("k-newer-" + owner.id()), T0.plusMillis(5), Scope.JOBS_WRITE);
    keys.add(newer);
    keys.add(older);

    assertThat(keys.list(owner.id())).containsExactly(newer, older);
  }

  private Tenant addTenant(String purpose) {
    Tenant tenant = tenant(purpose + "-" + Long.toString(System.nanoTime(), 36), RateLimit.DEFAULT);
    assertThat(new JdbcTenantRepository(dataSource).add(tenant)).isTrue();
    return tenant;
  }

  private Tenant tenant(String name, RateLimit limit) {
    return new Tenant(
        new TenantId(UuidV7.generate(T0, random)),
        new TenantName(name),
        limit,
        WebhookSecret.generate(random),
        T0);
  }

  private ApiKey key(TenantId tenant, ApiKeyHash hash, Instant at, Scope... scopes) {
    return ApiKey.issue(
        new ApiKeyId(UuidV7.generate(at, random)), tenant, hash, Set.of(scopes), at);
  }
}
