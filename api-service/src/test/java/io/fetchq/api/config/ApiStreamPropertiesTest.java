package io.fetchq.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ApiStreamPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ApiStreamProperties.class)
  static class Properties {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Properties.class);

  @Test
  void defaultsToAThousandStreamsOfHalfAnHourWithKeepAlivesEveryFifteenSeconds() {
    runner.run(
        context -> {
          ApiStreamProperties properties = context.getBean(ApiStreamProperties.class);
          assertThat(properties.maxStreams()).isEqualTo(1000);
          assertThat(properties.maxLifetime()).isEqualTo(Duration.ofMinutes(30));
          assertThat(properties.heartbeat()).isEqualTo(Duration.ofSeconds(15));
          assertThat(properties.fallbackInterval()).isEqualTo(Duration.ofSeconds(5));
          assertThat(properties.readerThreads()).isEqualTo(4);
          assertThat(properties.listener().applicationName()).isEqualTo("fetchq-change-listener");
          assertThat(properties.listener().pollTimeout()).isEqualTo(Duration.ofSeconds(1));
          assertThat(properties.listener().initialBackoff()).isEqualTo(Duration.ofMillis(100));
          assertThat(properties.listener().maxBackoff()).isEqualTo(Duration.ofSeconds(5));
        });
  }

  @Test
  void refusesNoStreamsAtAll() {
    runner
        .withPropertyValues("fetchq.api.streams.max-streams=0")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues("fetchq.api.streams.listener.application-name=")
        .run(context -> assertThat(context).hasFailed());
  }
}
