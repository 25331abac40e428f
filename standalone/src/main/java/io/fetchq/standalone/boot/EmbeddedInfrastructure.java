package io.fetchq.standalone.boot;

import io.fetchq.standalone.config.StandaloneProperties;
import io.fetchq.standalone.kafka.EmbeddedKafkaBroker;
import io.fetchq.standalone.preflight.Preflight;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs what standalone mode needs before the Spring context exists, once the configuration is known
 * and logging is set up: the pre-flight checks, then the embedded Kafka broker (unless {@code
 * FETCHQ_KAFKA_BOOTSTRAP} names an external one), whose address becomes {@code
 * spring.kafka.bootstrap-servers}.
 *
 * <p>The started broker is handed to the context as a disposable singleton registered before any
 * bean, so the context destroys it last: consumers, producers and the outbox relay stop while the
 * broker still answers. If the start fails before the context takes it, the broker is closed here.
 */
public final class EmbeddedInfrastructure implements SmartApplicationListener {

  /** Name of the broker singleton in the context. */
  public static final String BROKER_BEAN = "standaloneKafkaBroker";

  static final String PROPERTY_SOURCE = "fetchqStandaloneKafka";
  private static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/fetchq";
  private static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

  private final Preflight preflight;
  private EmbeddedKafkaBroker broker;
  private boolean handedOver;

  /**
   * @param preflight the checks to run before the broker starts
   */
  public EmbeddedInfrastructure(Preflight preflight) {
    this.preflight = preflight;
  }

  @Override
  public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
    return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
        || ApplicationPreparedEvent.class.isAssignableFrom(eventType)
        || ApplicationFailedEvent.class.isAssignableFrom(eventType);
  }

  /** After {@code LoggingApplicationListener}, so the broker logs through the configured levels. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    switch (event) {
      case ApplicationEnvironmentPreparedEvent e -> start(e.getEnvironment());
      case ApplicationPreparedEvent e -> handOver(e.getApplicationContext().getBeanFactory());
      case ApplicationFailedEvent e -> closeIfNotHandedOver();
      default -> {}
    }
  }

  private void start(ConfigurableEnvironment environment) {
    StandaloneProperties settings =
        Binder.get(environment).bindOrCreate("fetchq.standalone", StandaloneProperties.class);
    Preflight.Report report =
        preflight.run(
            environment.getProperty("spring.datasource.url", DEFAULT_DB_URL),
            environment.getProperty("spring.datasource.username", "postgres"),
            environment.getProperty("spring.datasource.password", ""),
            environment.getProperty("spring.data.redis.url", DEFAULT_REDIS_URL));
    log.info(
        "preflight ok postgres={} database={} databaseCreated={} redis={}",
        report.postgres().display(),
        report.postgres().database(),
        report.databaseCreated(),
        report.redis().display());
    String external = environment.getProperty("FETCHQ_KAFKA_BOOTSTRAP");
    if (external != null && !external.isBlank()) {
      log.info("embedded kafka not started: external bootstrap={}", external);
      return;
    }
    broker =
        EmbeddedKafkaBroker.start(
            settings.kafkaDir(), settings.kafkaPort(), settings.kafkaStartTimeout());
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                PROPERTY_SOURCE,
                Map.of(
                    "spring.kafka.bootstrap-servers", broker.bootstrapServers(),
                    "FETCHQ_KAFKA_BOOTSTRAP", broker.bootstrapServers())));
  }

  private void handOver(ConfigurableListableBeanFactory beanFactory) {
    if (broker == null || handedOver) {
      return;
    }
    beanFactory.registerSingleton(BROKER_BEAN, broker);
    if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
      registry.registerDisposableBean(BROKER_BEAN, broker::close);
      handedOver = true;
    }
  }

  /** The broker this listener started, if any. */
  Optional<EmbeddedKafkaBroker> broker() {
    return Optional.ofNullable(broker);
  }

  private void closeIfNotHandedOver() {
    if (broker != null && !handedOver) {
      broker.close();
    }
  }
}
