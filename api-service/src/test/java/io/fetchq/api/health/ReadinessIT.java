package io.fetchq.api.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.ApiServiceApplication;
import io.fetchq.api.TestApi;
import io.fetchq.api.ratelimit.TcpProxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The API's health groups (ARCHITECTURE.md "Health"). Liveness depends on nothing external;
 * readiness lists PostgreSQL, Kafka and Redis. A second API instance reaches PostgreSQL and Redis
 * through {@link TcpProxy proxies} and has a broker of its own, so the test can take each away from
 * it alone: Redis or Kafka away is DEGRADED and still 200, PostgreSQL away is DOWN and 503.
 */
class ReadinessIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern HOST_PORT = Pattern.compile("//([^:/]+):(\\d+)/");

  private static TcpProxy redis;
  private static TcpProxy postgres;
  private static EmbeddedKafkaKraftBroker ownBroker;
  private static ConfigurableApplicationContext second;

  @Autowired private Environment env;

  @AfterAll
  static void stopSecondInstance() throws Exception {
    if (second != null) {
      second.close();
    }
    if (ownBroker != null) {
      ownBroker.destroy();
    }
    if (redis != null) {
      redis.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void livenessDependsOnNothingExternalAndReadinessOnPostgresKafkaAndRedis() throws Exception {
    TestApi api = new TestApi(baseUrl(), ADMIN_KEY);

    HttpResponse<String> liveness = api.send("GET", "/actuator/health/liveness", null, null);
    HttpResponse<String> readiness = api.send("GET", "/actuator/health/readiness", null, null);
    HttpResponse<String> all = api.send("GET", "/actuator/health", null, null);

    assertThat(liveness.statusCode()).isEqualTo(200);
    assertThat(api.body(liveness).get("components").fieldNames())
        .toIterable()
        .containsExactly("livenessState");
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(api.body(readiness).get("status").asText()).isEqualTo("UP");
    assertThat(api.body(readiness).get("components").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("readinessState", "db", "apiKafka", "apiRedis");
    assertThat(api.body(readiness).at("/components/apiKafka/details/brokers").asInt()).isEqualTo(1);
    assertThat(api.body(all).get("components").has("redis"))
        .as("Spring Boot's redis indicator (DOWN, not DEGRADED) is replaced by apiRedis")
        .isFalse();
  }

  @Test
  void redisOrKafkaAwayIsDegradedAndStillReadyPostgresAwayIsNotReady() throws Exception {
    TestApi other = secondInstance();
    awaitReadiness(other, 200, "UP");

    redis.down();
    JsonNode withoutRedis = awaitReadiness(other, 200, "DEGRADED");
    assertThat(withoutRedis.at("/components/apiRedis/status").asText()).isEqualTo("DEGRADED");
    assertThat(withoutRedis.at("/components/db/status").asText()).isEqualTo("UP");
    redis.up();
    awaitReadiness(other, 200, "UP");

    postgres.down();
    JsonNode withoutPostgres = awaitReadiness(other, 503, "DOWN");
    assertThat(withoutPostgres.at("/components/db/status").asText()).isEqualTo("DOWN");
    postgres.up();
    awaitReadiness(other, 200, "UP");

    ownBroker.destroy();
    ownBroker = null;
    JsonNode withoutKafka = awaitReadiness(other, 200, "DEGRADED");
    assertThat(withoutKafka.at("/components/apiKafka/status").asText()).isEqualTo("DEGRADED");
    assertThat(withoutKafka.at("/components/apiKafka/details/error").asText()).isNotBlank();
    assertThat(other.send("GET", "/actuator/health/liveness", null, null).statusCode())
        .as("liveness ignores Kafka")
        .isEqualTo(200);
  }

  private static JsonNode awaitReadiness(TestApi api, int httpStatus, String status) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              HttpResponse<String> response =
                  api.send("GET", "/actuator/health/readiness", null, null);
              last[0] = api.body(response);
              assertThat(response.statusCode()).as(response.body()).isEqualTo(httpStatus);
              assertThat(last[0].get("status").asText()).isEqualTo(status);
            });
    return last[0];
  }

  private TestApi secondInstance() throws Exception {
    String jdbcUrl = env.getProperty("spring.datasource.url");
    Matcher hostPort = HOST_PORT.matcher(jdbcUrl);
    assertThat(hostPort.find()).as(jdbcUrl).isTrue();
    postgres = new TcpProxy(Integer.parseInt(hostPort.group(2))).up();
    redis = new TcpProxy(6379).up();
    ownBroker = new EmbeddedKafkaKraftBroker(1, 1);
    ownBroker.afterPropertiesSet();
    second =
        new SpringApplicationBuilder(ApiServiceApplication.class)
            .run(
                "--server.port=0",
                "--spring.datasource.url="
                    + hostPort.replaceFirst("//127.0.0.1:" + postgres.port() + "/"),
                "--spring.datasource.username=" + env.getProperty("spring.datasource.username"),
                "--spring.datasource.password=" + env.getProperty("spring.datasource.password"),
                "--spring.datasource.hikari.connection-timeout=1000",
                "--spring.kafka.bootstrap-servers=" + ownBroker.getBrokersAsString(),
                "--fetchq.kafka.topic-prefix=" + PREFIX,
                "--fetchq.kafka.partitions=1",
                "--fetchq.api.bootstrap-admin-key=" + ADMIN_KEY,
                "--fetchq.api.rate-limit.key-prefix=" + RATE_LIMIT_PREFIX,
                "--fetchq.api.health.timeout=500ms",
                "--fetchq.api.health.cache-for=100ms",
                "--spring.data.redis.url=redis://127.0.0.1:" + redis.port());
    int port = ((WebServerApplicationContext) second).getWebServer().getPort();
    return new TestApi("http://127.0.0.1:" + port, ADMIN_KEY);
  }
}
