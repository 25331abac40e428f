package io.fetchq.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.config.ApiHealthConfiguration;
import io.fetchq.ops.health.KafkaClusterHealth;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The Kafka and Redis checks against the real services (the test's broker, the local Redis) and
 * against a closed port: UP with what they found, or DEGRADED within about their timeout.
 */
class DependencyHealthIT extends ApiIntegrationTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  @Autowired private RedissonClient redisson;

  @Test
  void kafkaIsUpWithTheClusterIdWhenTheBrokerAnswers() {
    try (KafkaClusterHealth kafka = kafka(broker.getBrokersAsString())) {
      Health health = kafka.get();

      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsKey("clusterId").containsEntry("brokers", 1);
    }
  }

  @Test
  void kafkaIsDegradedWithinItsTimeoutWhenNothingListens() throws IOException {
    try (KafkaClusterHealth kafka = kafka("127.0.0.1:" + closedPort())) {
      long started = System.nanoTime();
      Health health = kafka.get();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(health.getStatus()).isEqualTo(ApiHealthConfiguration.DEGRADED);
      assertThat(health.getDetails()).containsKey("error");
      assertThat(took).isLessThan(TIMEOUT.multipliedBy(4));
    }
  }

  @Test
  void redisIsUpWithTheRateLimiterModeWhenRedisAnswers() {
    Health health =
        new RedisHealth(redisson, RATE_LIMIT_PREFIX + "health", TIMEOUT, Status.DOWN, () -> "redis")
            .get();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("rateLimiter", "redis");
  }

  @Test
  void redisIsDegradedWhenNothingListens() throws IOException {
    Config config = new Config().setLazyInitialization(true);
    config
        .useSingleServer()
        .setAddress("redis://127.0.0.1:" + closedPort())
        .setConnectTimeout(200)
        .setRetryAttempts(0);
    RedissonClient unreachable = Redisson.create(config);
    try {
      Health health =
          new RedisHealth(
                  unreachable,
                  "fetchq:health",
                  TIMEOUT,
                  ApiHealthConfiguration.DEGRADED,
                  () -> "local-fallback")
              .get();

      assertThat(health.getStatus()).isEqualTo(ApiHealthConfiguration.DEGRADED);
      assertThat(health.getDetails())
          .containsKey("error")
          .containsEntry("rateLimiter", "local-fallback");
    } finally {
      unreachable.shutdown();
    }
  }

  private static KafkaClusterHealth kafka(String bootstrap) {
    return new KafkaClusterHealth(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        "test-health",
        TIMEOUT,
        ApiHealthConfiguration.DEGRADED);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
