package io.fetchq.standalone.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.standalone.kafka.EmbeddedKafkaBroker;
import io.fetchq.standalone.preflight.Preflight;
import io.fetchq.testsupport.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The start-up sequence around a bare context (no services): pre-flight, broker before the context,
 * broker destroyed after every other bean, failures as one sentence.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedInfrastructureIT {

  private static TestDatabase database;

  @TempDir Path dataDir;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabase.create("infra");
  }

  @Test
  void startsTheBrokerBeforeTheContextAndStopsItAfterEveryBean() {
    EmbeddedInfrastructure infrastructure = infrastructure();
    AtomicBoolean brokerOpenWhenBeanDestroyed = new AtomicBoolean();
    EmbeddedKafkaBroker broker;
    try (ConfigurableApplicationContext context =
        application(infrastructure, BareContext.class).run(args().toArray(String[]::new))) {
      broker = context.getBean(EmbeddedKafkaBroker.class);
      assertThat(context.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
          .isEqualTo(broker.bootstrapServers());
      assertThat(context.getEnvironment().getProperty("FETCHQ_KAFKA_BOOTSTRAP"))
          .isEqualTo(broker.bootstrapServers());
      assertThat(broker.logDir()).isEqualTo(dataDir.resolve("kafka").toAbsolutePath());
      context
          .getBean(ShutdownProbe.class)
          .onDestroy(() -> brokerOpenWhenBeanDestroyed.set(!broker.isClosed()));
    }
    assertThat(brokerOpenWhenBeanDestroyed).isTrue();
    assertThat(broker.isClosed()).isTrue();
  }

  @Test
  void usesAnExternalBrokerWhenFetchqKafkaBootstrapIsSet() {
    List<String> argv = new ArrayList<>(args());
    argv.add("--FETCHQ_KAFKA_BOOTSTRAP=127.0.0.1:1");
    EmbeddedInfrastructure infrastructure = infrastructure();
    try (ConfigurableApplicationContext context =
        application(infrastructure, BareContext.class).run(argv.toArray(String[]::new))) {
      assertThat(context.getBeanProvider(EmbeddedKafkaBroker.class).getIfAvailable()).isNull();
      assertThat(context.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
          .isEqualTo("127.0.0.1:1");
    }
  }

  @Test
  void closesTheBrokerWhenTheContextFailsToStart() {
    EmbeddedInfrastructure infrastructure = infrastructure();

    assertThatThrownBy(
            () ->
                application(infrastructure, FailingContext.class)
                    .run(args().toArray(String[]::new))
                    .close())
        .hasRootCauseMessage("bean creation fails on purpose");

    assertThat(infrastructure.broker()).hasValueSatisfying(b -> assertThat(b.isClosed()).isTrue());
  }

  @Test
  void reportsAFailedPreflightAsOneSentenceWithoutAStackTrace(CapturedOutput output)
      throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    List<String> argv = new ArrayList<>(args());
    argv.set(0, "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closed + "/fetchq");
    EmbeddedInfrastructure infrastructure = infrastructure();

    assertThatThrownBy(
            () -> application(infrastructure, BareContext.class).run(argv.toArray(String[]::new)))
        .satisfies(e -> assertThat(StartupFailureReporter.sentence(e)).isPresent());

    assertThat(output.getErr())
        .contains(
            "fetchq: cannot reach PostgreSQL at 127.0.0.1:"
                + closed
                + " (connection refused). Start it");
    assertThat(output.getAll()).doesNotContain("Application run failed").doesNotContain("\tat ");
    assertThat(infrastructure.broker()).isEmpty();
  }

  private EmbeddedInfrastructure infrastructure() {
    return new EmbeddedInfrastructure(
        new Preflight(Duration.ofSeconds(3), Optional.empty(), Optional.empty()));
  }

  private static SpringApplication application(
      EmbeddedInfrastructure infrastructure, Class<?> source) {
    SpringApplication application = new SpringApplication(source);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.addListeners(infrastructure);
    return application;
  }

  private List<String> args() {
    return List.of(
        "--spring.datasource.url=" + database.jdbcUrl(),
        "--spring.datasource.username=" + database.username(),
        "--spring.datasource.password=" + database.password(),
        "--fetchq.standalone.data-dir=" + dataDir,
        "--fetchq.standalone.kafka-port=0");
  }

  @Configuration(proxyBeanMethods = false)
  static class BareContext {
    @Bean
    ShutdownProbe shutdownProbe() {
      return new ShutdownProbe();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class FailingContext {
    @Bean
    Object failing() {
      throw new IllegalStateException("bean creation fails on purpose");
    }
  }

  /** Runs a check when the context destroys it. */
  static final class ShutdownProbe implements DisposableBean {
    private Runnable check = () -> {};

    void onDestroy(Runnable check) {
      this.check = check;
    }

    @Override
    public void destroy() {
      check.run();
    }
  }
}
