package io.fetchq.standalone.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class StartupBannerTest {

  @Test
  void tellsWhereTheApiListensAndHowToAuthenticate() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("local.server.port", "18080")
            .withProperty("spring.kafka.bootstrap-servers", "kafka:9092")
            .withProperty("FETCHQ_BOOTSTRAP_ADMIN_KEY", "do-not-print-me");

    String text =
        new StartupBanner(environment, Path.of("/var/lib/fetchq"), null)
            .text(Duration.ofMillis(12_340), Duration.ofMillis(15_000));

    assertThat(text)
        .startsWith("fetchq standalone ready in 15.0 s (Spring context 12.3 s)")
        .contains("http://127.0.0.1:18080/api/v1")
        .contains("http://127.0.0.1:18080/swagger-ui.html")
        .contains("http://127.0.0.1:18080/actuator/health/readiness")
        .contains("kafka:9092 (external)")
        .contains("/var/lib/fetchq")
        .contains("Authorization: Bearer $FETCHQ_BOOTSTRAP_ADMIN_KEY")
        .doesNotContain("do-not-print-me");
  }

  @Test
  void warnsThatEveryCallAnswers401WithoutAnAdminKey() {
    String text =
        new StartupBanner(new MockEnvironment(), Path.of("data"), null)
            .text(Duration.ZERO, Duration.ZERO);

    assertThat(text)
        .contains("FETCHQ_BOOTSTRAP_ADMIN_KEY is unset, so every API call answers 401")
        .contains("http://127.0.0.1:8080/api/v1");
  }
}
