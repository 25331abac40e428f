package io.fetchq.standalone;

import io.fetchq.standalone.boot.EmbeddedInfrastructure;
import io.fetchq.standalone.boot.StartupFailureReporter;
import io.fetchq.standalone.kafka.BrokerOnly;
import io.fetchq.standalone.preflight.Preflight;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * fetchq in one JVM: the API service and the worker service in one Spring context, with an embedded
 * single-node Kafka broker. The services' own main classes are left out of the scan; every other
 * bean of {@code io.fetchq.api} and {@code io.fetchq.worker} is picked up, and both packages are
 * auto-configuration packages (JPA entities, Spring Data repositories).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@AutoConfigurationPackage(basePackages = {"io.fetchq.api", "io.fetchq.worker"})
@ComponentScan(
    basePackages = {"io.fetchq.api", "io.fetchq.worker", "io.fetchq.standalone"},
    excludeFilters = {
      @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
      @ComponentScan.Filter(
          type = FilterType.CUSTOM,
          classes = AutoConfigurationExcludeFilter.class),
      @ComponentScan.Filter(
          type = FilterType.REGEX,
          pattern = "io\\.fetchq\\.(api\\.ApiServiceApplication|worker\\.WorkerServiceApplication)")
    })
public class StandaloneApplication {

  /**
   * Starts fetchq. A start-up problem that says what to do (PostgreSQL or Redis unreachable, Kafka
   * port taken, ...) is printed as one sentence; any failure exits with status 1. With the single
   * argument {@code broker}, runs only the embedded broker ({@link BrokerOnly}).
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("broker")) {
      try {
        BrokerOnly.run(System.getenv());
      } catch (RuntimeException e) {
        System.err.println("fetchq: " + e.getMessage());
        System.exit(1);
      }
      return;
    }
    try {
      create().run(args);
    } catch (RuntimeException e) {
      if (StartupFailureReporter.sentence(e).isEmpty()) {
        System.err.println("fetchq: start-up failed, see the log above.");
      }
      System.exit(1);
    }
  }

  /** The application, with the pre-flight checks and the embedded broker attached. */
  public static SpringApplication create() {
    SpringApplication application = new SpringApplication(StandaloneApplication.class);
    application.addListeners(new EmbeddedInfrastructure(Preflight.forThisMachine()));
    return application;
  }
}
