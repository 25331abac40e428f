package io.fetchq.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ApiKeyPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ApiKeyProperties.class)
  static class Properties {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Properties.class);

  @Test
  void defaultsToATwoSecondCacheOfTenThousandKeys() {
    runner.run(
        context -> {
          ApiKeyProperties properties = context.getBean(ApiKeyProperties.class);
          assertThat(properties.cacheTtl()).isEqualTo(Duration.ofSeconds(2));
          assertThat(properties.cacheMaxEntries()).isEqualTo(10_000);
        });
  }

  @Test
  void acceptsNoCacheAndUpToFourSeconds() {
    runner
        .withPropertyValues("fetchq.api.api-keys.cache-ttl=0s")
        .run(context -> assertThat(context).hasNotFailed());
    runner
        .withPropertyValues("fetchq.api.api-keys.cache-ttl=4s")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void refusesACacheThatWouldKeepRevokedKeysValidPastFiveSeconds() {
    runner
        .withPropertyValues("fetchq.api.api-keys.cache-ttl=5s")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues("fetchq.api.api-keys.cache-ttl=-1s")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues("fetchq.api.api-keys.cache-max-entries=-1")
        .run(context -> assertThat(context).hasFailed());
  }
}
