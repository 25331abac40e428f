package io.fetchq.standalone.boot;

import io.fetchq.standalone.kafka.EmbeddedKafkaBroker;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Logs, once, when standalone mode is ready: where the API, its documentation and health answer,
 * which Kafka it uses, where its data lives, how to authenticate, and how long the start took.
 */
public final class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

  private final Environment environment;
  private final Path dataDir;
  private final EmbeddedKafkaBroker broker;

  /**
   * @param environment the application's environment (server port, Kafka bootstrap, admin key)
   * @param dataDir standalone mode's data directory
   * @param broker the embedded broker, or {@code null} when an external one is used
   */
  public StartupBanner(Environment environment, Path dataDir, EmbeddedKafkaBroker broker) {
    this.environment = environment;
    this.dataDir = dataDir;
    this.broker = broker;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    Duration sinceJvmStart = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
    log.info("{}", text(event.getTimeTaken(), sinceJvmStart));
  }

  /** The banner's text. */
  String text(Duration contextStartup, Duration sinceJvmStart) {
    String base = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
    String kafka =
        broker == null
            ? environment.getProperty("spring.kafka.bootstrap-servers") + " (external)"
            : broker.bootstrapServers()
                + " (embedded, started in "
                + seconds(broker.startupTime())
                + ")";
    String key = environment.getProperty("FETCHQ_BOOTSTRAP_ADMIN_KEY", "");
    String auth =
        key.isBlank()
            ? "none configured: FETCHQ_BOOTSTRAP_ADMIN_KEY is unset, so every API call answers 401."
                + " Restart with FETCHQ_BOOTSTRAP_ADMIN_KEY=<a long random secret>"
                + " (./fetchq standalone generates one into data/admin-key)."
            : "Authorization: Bearer $FETCHQ_BOOTSTRAP_ADMIN_KEY (admin key of the system tenant)";
    return String.join(
        "\n",
        "fetchq standalone ready in "
            + seconds(sinceJvmStart)
            + " (Spring context "
            + seconds(contextStartup)
            + ")",
        "  API          " + base + "/api/v1",
        "  Swagger UI   " + base + "/swagger-ui.html  (OpenAPI " + base + "/v3/api-docs)",
        "  Health       " + base + "/actuator/health/readiness",
        "  Kafka        " + kafka,
        "  Data dir     " + dataDir.toAbsolutePath().normalize(),
        "  Auth         " + auth,
        "  Try          curl -H \"Authorization: Bearer $FETCHQ_BOOTSTRAP_ADMIN_KEY\""
            + " -H 'Content-Type: application/json' -d '{\"url\":\"https://example.org\"}' "
            + base
            + "/api/v1/jobs");
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
