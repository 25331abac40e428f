package io.fetchq.api.config;

import io.fetchq.api.batches.usecase.GetBatch;
import io.fetchq.api.changes.persistence.PostgresChangeNotifications;
import io.fetchq.api.changes.usecase.ChangeListener;
import io.fetchq.api.jobs.usecase.GetJob;
import io.fetchq.api.streams.scheduling.StatusStreamSchedule;
import io.fetchq.api.streams.usecase.StatusStreams;
import io.fetchq.api.streams.web.StatusStreamLifetime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Live status streams (Server-Sent Events) and the PostgreSQL change listener feeding them: one
 * dedicated connection per instance {@code LISTEN}s on the channel of every {@link ChangeListener}
 * bean, so any number of listeners (streams, webhook events, ...) share it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiStreamProperties.class)
public class ApiStreamConfiguration {

  /**
   * The threads re-reading followed jobs and batches and writing their events (never the
   * listener's). Wrapped, not an {@code Executor} bean: one would replace Boot's application task
   * executor.
   */
  record StatusStreamReaders(ExecutorService executor) {
    void shutdown() {
      executor.shutdownNow();
    }
  }

  @Bean(destroyMethod = "shutdown")
  StatusStreamReaders apiStatusStreamReaders(ApiStreamProperties properties) {
    return new StatusStreamReaders(
        Executors.newFixedThreadPool(
            properties.readerThreads(),
            Thread.ofPlatform().name("status-stream-reader-", 0).daemon().factory()));
  }

  @Bean
  StatusStreams apiStatusStreams(
      GetJob getJob,
      GetBatch getBatch,
      StatusStreamReaders readers,
      ApiStreamProperties properties) {
    return new StatusStreams(getJob, getBatch, readers.executor(), properties.maxStreams());
  }

  @Bean
  StatusStreamSchedule apiStatusStreamSchedule(
      StatusStreams streams, ApiStreamProperties properties) {
    return new StatusStreamSchedule(streams, properties.heartbeat(), properties.fallbackInterval());
  }

  @Bean
  StatusStreamLifetime apiStatusStreamLifetime(ApiStreamProperties properties) {
    return new StatusStreamLifetime(properties.maxLifetime());
  }

  /**
   * The listening connection is opened from the datasource settings, outside the pool: it is held
   * for the life of the instance.
   */
  @Bean
  PostgresChangeNotifications apiChangeNotifications(
      DataSourceProperties dataSource,
      ObjectProvider<ChangeListener> listeners,
      ApiStreamProperties properties) {
    ApiStreamProperties.Listener settings = properties.listener();
    String url = dataSource.determineUrl();
    Properties connection = new Properties();
    if (dataSource.determineUsername() != null) {
      connection.setProperty("user", dataSource.determineUsername());
    }
    if (dataSource.determinePassword() != null) {
      connection.setProperty("password", dataSource.determinePassword());
    }
    connection.setProperty("ApplicationName", settings.applicationName());
    connection.setProperty("tcpKeepAlive", "true");
    connection.setProperty("connectTimeout", "5");
    return new PostgresChangeNotifications(
        () -> DriverManager.getConnection(url, connection),
        listeners.orderedStream().toList(),
        settings.pollTimeout(),
        settings.initialBackoff(),
        settings.maxBackoff());
  }

  /**
   * {@code fetchq.api.streams.active} (open event streams of this instance) and {@code
   * fetchq.api.change.listener.connected} (1 while the listening connection is up, else 0).
   */
  @Bean
  MeterBinder apiStatusStreamMetrics(
      StatusStreams streams, PostgresChangeNotifications notifications) {
    return registry -> {
      Gauge.builder("fetchq.api.streams.active", streams, StatusStreams::activeStreams)
          .description("Open status event streams of this instance")
          .register(registry);
      Gauge.builder(
              "fetchq.api.change.listener.connected", notifications, n -> n.isConnected() ? 1 : 0)
          .description("1 while the database change listener is connected, else 0")
          .register(registry);
    };
  }

  /**
   * Component {@code apiChangeListener} of {@code /actuator/health}: always UP (streams fall back
   * to periodic re-reads, so readiness must not fail for it), with details {@code connected} and
   * {@code channels}.
   */
  @Bean
  HealthIndicator apiChangeListenerHealthIndicator(PostgresChangeNotifications notifications) {
    return () ->
        Health.up()
            .withDetail("connected", notifications.isConnected())
            .withDetail("channels", notifications.channels())
            .build();
  }
}
