package io.fetchq.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.ApiServiceApplication;
import io.fetchq.api.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Two API instances (this test's application and a second {@link ApiServiceApplication} on its own
 * port, same database, broker and bucket prefix) draw from the same Redis buckets. The second one
 * reaches Redis through a {@link TcpProxy}, so the test can cut Redis off for it alone: it then
 * keeps answering with per-instance buckets, says so in health and metrics, and returns to the
 * shared buckets once Redis is back.
 */
class RateLimitMultiInstanceIT extends ApiIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(RateLimitMultiInstanceIT.class);
  private static final int REDIS_PORT = 6379;

  private static TcpProxy redis;
  private static ConfigurableApplicationContext second;

  @Autowired private Environment env;

  @BeforeAll
  static void startProxy() throws Exception {
    redis = new TcpProxy(REDIS_PORT).up();
  }

  @AfterAll
  static void stopSecondInstance() throws Exception {
    if (second != null) {
      second.close();
    }
    redis.close();
  }

  private TestApi secondInstance() {
    if (second == null) {
      second =
          new SpringApplicationBuilder(ApiServiceApplication.class)
              .run(
                  "--server.port=0",
                  "--spring.datasource.url=" + env.getProperty("spring.datasource.url"),
                  "--spring.datasource.username=" + env.getProperty("spring.datasource.username"),
                  "--spring.datasource.password=" + env.getProperty("spring.datasource.password"),
                  "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                  "--fetchq.kafka.topic-prefix=" + PREFIX,
                  "--fetchq.kafka.partitions=3",
                  "--fetchq.api.bootstrap-admin-key=" + ADMIN_KEY,
                  "--fetchq.api.rate-limit.key-prefix=" + RATE_LIMIT_PREFIX,
                  "--fetchq.api.rate-limit.retry-every=500ms",
                  "--spring.data.redis.url=redis://127.0.0.1:" + redis.port());
    }
    int port = ((WebServerApplicationContext) second).getWebServer().getPort();
    return new TestApi("http://127.0.0.1:" + port, ADMIN_KEY);
  }

  @Test
  void twoInstancesDrawFromOneBucketAndTheSecondFallsBackWhileRedisIsAway() throws Exception {
    TestApi first = new TestApi(baseUrl(), ADMIN_KEY);
    TestApi other = secondInstance();
    String key = first.tenantKey(1, 10);
    String probe = "/api/v1/jobs/" + UUID.randomUUID();
    assertThat(other.send("GET", probe, key, null).statusCode()).isEqualTo(404); // warm

    long started = System.nanoTime();
    List<Integer> firstStatuses = new ArrayList<>();
    List<Integer> otherStatuses = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      firstStatuses.add(first.submit(key, "https://example.org/a/" + i).statusCode());
      otherStatuses.add(other.submit(key, "https://example.org/b/" + i).statusCode());
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    long accepted =
        firstStatuses.stream().filter(s -> s == 202).count()
            + otherStatuses.stream().filter(s -> s == 202).count();
    log.info(
        "20 requests alternating over two instances in {} s: first={} second={}",
        seconds,
        firstStatuses,
        otherStatuses);

    // One shared bucket of 10 (plus 1 token/s of refill while the loop ran); two per-instance
    // buckets would have accepted all 20.
    assertThat(accepted).isBetween(10L, 10L + seconds);
    assertThat(firstStatuses).contains(202, 429);
    assertThat(otherStatuses).contains(202, 429);

    redis.down();
    String fallbackKey = first.tenantKey(1, 3);
    List<Integer> duringOutage = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      duringOutage.add(other.submit(fallbackKey, "https://example.org/c/" + i).statusCode());
    }
    HttpResponse<String> health = other.send("GET", "/actuator/health", null, null);
    MeterRegistry otherMeters = second.getBean(MeterRegistry.class);

    assertThat(duringOutage).startsWith(202, 202, 202).doesNotContain(500, 503);
    assertThat(other.body(health).at("/components/apiRateLimiter/status").asText()).isEqualTo("UP");
    assertThat(other.body(health).at("/components/apiRateLimiter/details/mode").asText())
        .isEqualTo("local-fallback");
    assertThat(otherMeters.get("fetchq.ratelimit.fallback").gauge().value()).isEqualTo(1);
    assertThat(other.send("GET", "/actuator/health/readiness", null, null).statusCode())
        .isEqualTo(200);

    redis.up();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              other.send("GET", probe, key, null);
              return otherMeters.get("fetchq.ratelimit.fallback").gauge().value() == 0;
            });
    HttpResponse<String> recovered = other.send("GET", "/actuator/health", null, null);
    assertThat(other.body(recovered).at("/components/apiRateLimiter/details/mode").asText())
        .isEqualTo("redis");
  }
}
