package io.fetchq.standalone.config;

import io.fetchq.standalone.boot.StartupBanner;
import io.fetchq.standalone.kafka.EmbeddedKafkaBroker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Beans of standalone mode itself; the services' beans come from their own configuration. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StandaloneProperties.class)
public class StandaloneConfiguration {

  @Bean
  StartupBanner standaloneStartupBanner(
      Environment environment,
      StandaloneProperties properties,
      ObjectProvider<EmbeddedKafkaBroker> broker) {
    return new StartupBanner(environment, properties.dataDir(), broker.getIfAvailable());
  }
}
