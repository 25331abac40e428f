package io.fetchq.api.config;

import com.github.benmanes.caffeine.cache.Ticker;
import io.fetchq.api.tenants.persistence.CachingApiKeyRepository;
import io.fetchq.api.tenants.persistence.JdbcApiKeyRepository;
import io.fetchq.api.tenants.persistence.JdbcTenantRepository;
import io.fetchq.api.tenants.usecase.ApiKeyRepository;
import io.fetchq.api.tenants.usecase.CreateTenant;
import io.fetchq.api.tenants.usecase.GetTenant;
import io.fetchq.api.tenants.usecase.IssueApiKey;
import io.fetchq.api.tenants.usecase.ListApiKeys;
import io.fetchq.api.tenants.usecase.RevokeApiKey;
import io.fetchq.api.tenants.usecase.RotateWebhookSecret;
import io.fetchq.api.tenants.usecase.StoredKeyAuthenticator;
import io.fetchq.api.tenants.usecase.TenantRepository;
import java.security.SecureRandom;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Tenants and their API keys: the JDBC adapters, the key lookup cache ({@link
 * CachingApiKeyRepository} explains how it keeps revocation within 5 seconds), the admin use cases,
 * and the authenticator of stored keys, which the security chain asks after the bootstrap key.
 * Secrets (keys, webhook secrets, their ids' random bits) come from {@link SecureRandom}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiKeyProperties.class)
public class ApiTenantConfiguration {

  @Bean
  TenantRepository apiTenantRepository(DataSource dataSource) {
    return new JdbcTenantRepository(dataSource);
  }

  /** The one {@link ApiKeyRepository}: the database behind the lookup cache. */
  @Bean
  ApiKeyRepository apiKeyRepository(DataSource dataSource, ApiKeyProperties properties) {
    return new CachingApiKeyRepository(
        new JdbcApiKeyRepository(dataSource),
        properties.cacheTtl(),
        properties.cacheMaxEntries(),
        Ticker.systemTicker());
  }

  @Bean
  @Order(ApiSecurityConfiguration.STORED_KEYS_ORDER)
  StoredKeyAuthenticator apiStoredKeyAuthenticator(ApiKeyRepository keys) {
    return new StoredKeyAuthenticator(keys);
  }

  @Bean
  CreateTenant apiCreateTenant(TenantRepository tenants, Clock clock) {
    return new CreateTenant(tenants, clock, new SecureRandom());
  }

  @Bean
  RotateWebhookSecret apiRotateWebhookSecret(TenantRepository tenants, Clock clock) {
    return new RotateWebhookSecret(tenants, new SecureRandom(), clock);
  }

  @Bean
  GetTenant apiGetTenant(TenantRepository tenants) {
    return new GetTenant(tenants);
  }

  @Bean
  IssueApiKey apiIssueApiKey(ApiKeyRepository keys, Clock clock) {
    return new IssueApiKey(keys, clock, new SecureRandom());
  }

  @Bean
  ListApiKeys apiListApiKeys(TenantRepository tenants, ApiKeyRepository keys) {
    return new ListApiKeys(tenants, keys);
  }

  @Bean
  RevokeApiKey apiRevokeApiKey(ApiKeyRepository keys, Clock clock) {
    return new RevokeApiKey(keys, clock);
  }
}
