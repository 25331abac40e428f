package io.fetchq.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ApiIdempotencyPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ApiIdempotencyProperties.class)
  static class Properties {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Properties.class);

  @Test
  void keepsKeysADayAndPurgesEveryFiveMinutesInBatchesOfAThousand() {
    runner.run(
        context -> {
          ApiIdempotencyProperties properties = context.getBean(ApiIdempotencyProperties.class);
          assertThat(properties.ttl()).isEqualTo(Duration.ofHours(24));
          assertThat(properties.purgeInterval()).isEqualTo(Duration.ofMinutes(5));
          assertThat(properties.purgeBatchSize()).isEqualTo(1000);
        });
  }

  @Test
  void acceptsALongerTimeToLive() {
    runner
        .withPropertyValues("fetchq.api.idempotency.ttl=72h")
        .run(
            context ->
                assertThat(context.getBean(ApiIdempotencyProperties.class).ttl())
                    .isEqualTo(Duration.ofHours(72)));
  }

  @Test
  void refusesLessThanTheDayTheApiPromises() {
    runner
        .withPropertyValues("fetchq.api.idempotency.ttl=23h")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues("fetchq.api.idempotency.purge-batch-size=0")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues("fetchq.api.idempotency.purge-interval=0s")
        .run(context -> assertThat(context).hasFailed());
  }
}
