package io.fetchq.api.tenants.web;

import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.usecase.ApiKeyAuthenticator;
import io.fetchq.api.tenants.usecase.CreateTenant;
import io.fetchq.api.tenants.usecase.GetTenant;
import io.fetchq.api.tenants.usecase.InMemoryApiKeyRepository;
import io.fetchq.api.tenants.usecase.InMemoryTenantRepository;
import io.fetchq.api.tenants.usecase.IssueApiKey;
import io.fetchq.api.tenants.usecase.ListApiKeys;
import io.fetchq.api.tenants.usecase.RevokeApiKey;
import io.fetchq.api.tenants.usecase.StoredKeyAuthenticator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The tenant use cases over in-memory ports, a fixed clock and a key without scope admin. */
@TestConfiguration(proxyBeanMethods = false)
public class TenantWebTestConfiguration {

  static final String ADMIN_KEY = "tenant-test-admin-key";
  static final String JOBS_KEY = "tenant-test-jobs-key";
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00.123456Z");

  @Bean
  Clock testClock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  @Bean
  InMemoryTenantRepository testTenantRepository() {
    return new InMemoryTenantRepository();
  }

  @Bean
  InMemoryApiKeyRepository testApiKeyRepository(InMemoryTenantRepository tenants) {
    return new InMemoryApiKeyRepository(id -> tenants.find(id).isPresent());
  }

  @Bean
  CreateTenant testCreateTenant(InMemoryTenantRepository tenants, Clock clock) {
    return new CreateTenant(tenants, clock, new SecureRandom());
  }

  @Bean
  GetTenant testGetTenant(InMemoryTenantRepository tenants) {
    return new GetTenant(tenants);
  }

  @Bean
  IssueApiKey testIssueApiKey(InMemoryApiKeyRepository keys, Clock clock) {
    return new IssueApiKey(keys, clock, new SecureRandom());
  }

  @Bean
  ListApiKeys testListApiKeys(InMemoryTenantRepository tenants, InMemoryApiKeyRepository keys) {
    return new ListApiKeys(tenants, keys);
  }

  @Bean
  RevokeApiKey testRevokeApiKey(InMemoryApiKeyRepository keys, Clock clock) {
    return new RevokeApiKey(keys, clock);
  }

  /** The keys issued through the controller, as in production. */
  @Bean
  StoredKeyAuthenticator testStoredKeys(InMemoryApiKeyRepository keys) {
    return new StoredKeyAuthenticator(keys);
  }

  /** A key with every jobs scope but not admin. */
  @Bean
  ApiKeyAuthenticator testJobsKey() {
    ApiPrincipal jobs =
        new ApiPrincipal(TenantId.SYSTEM, Set.of(Scope.JOBS_READ, Scope.JOBS_WRITE));
    return key -> JOBS_KEY.equals(key) ? Optional.of(jobs) : Optional.empty();
  }
}
