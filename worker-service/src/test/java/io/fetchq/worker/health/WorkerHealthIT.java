package io.fetchq.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.ops.health.KafkaClusterHealth;
import io.fetchq.worker.WorkerIntegrationTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;

/**
 * The worker's health groups (ARCHITECTURE.md "Health"): liveness depends on nothing external;
 * readiness on PostgreSQL and Kafka (no Redis: the worker does not use it), and the Kafka check is
 * DOWN within about its timeout when nothing answers.
 */
class WorkerHealthIT extends WorkerIntegrationTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  @Autowired private HealthEndpoint health;

  @Test
  void readinessIsPostgresAndKafkaAndLivenessNothingExternal() {
    HealthComponent readiness = health.healthForPath("readiness");
    HealthComponent liveness = health.healthForPath("liveness");

    assertThat(readiness.getStatus()).isEqualTo(Status.UP);
    assertThat(((CompositeHealth) readiness).getComponents())
        .containsOnlyKeys("readinessState", "db", "workerKafka");
    assertThat(liveness.getStatus()).isEqualTo(Status.UP);
    assertThat(((CompositeHealth) liveness).getComponents()).containsOnlyKeys("livenessState");
  }

  @Test
  void kafkaIsUpWhenTheBrokerAnswersAndDownWithinItsTimeoutWhenNothingListens() throws IOException {
    try (KafkaClusterHealth up = kafka(broker.getBrokersAsString());
        KafkaClusterHealth down = kafka("127.0.0.1:" + closedPort())) {
      long started = System.nanoTime();
      Health unreachable = down.get();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(up.get().getStatus()).isEqualTo(Status.UP);
      assertThat(unreachable.getStatus()).isEqualTo(Status.DOWN);
      assertThat(unreachable.getDetails()).containsKey("error");
      assertThat(took).isLessThan(TIMEOUT.multipliedBy(4));
    }
  }

  private static KafkaClusterHealth kafka(String bootstrap) {
    return new KafkaClusterHealth(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        "test-health",
        TIMEOUT,
        Status.DOWN);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
