package io.fetchq.ops.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The check without a broker: an unreachable cluster and an interrupted caller are reported with
 * the caller's status, never thrown. (The services' {@code DependencyHealthIT} and {@code
 * WorkerHealthIT} check it against a real broker.)
 */
class KafkaClusterHealthTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final Status UNREACHABLE = new Status("UNREACHABLE_FOR_TEST");

  @Test
  void reportsTheCallersStatusWithTheErrorInsteadOfWaitingForKafkasTimeoutWhenNothingListens()
      throws IOException {
    try (KafkaClusterHealth kafka = kafka("127.0.0.1:" + closedPort())) {
      long started = System.nanoTime();
      Health health = kafka.get();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(health.getStatus()).isEqualTo(UNREACHABLE);
      assertThat(health.getDetails())
          .containsKey("error")
          .containsEntry("timeoutMs", TIMEOUT.toMillis());
      // it gives up after its own timeout, not Kafka's default API timeout of 60 s (a generous
      // bound: this is not a performance test, a loaded machine may be slow)
      assertThat(took).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void anInterruptedCheckIsReportedAndTheInterruptKept() throws IOException {
    try (KafkaClusterHealth kafka = kafka("127.0.0.1:" + closedPort())) {
      Thread.currentThread().interrupt();
      Health health = kafka.get();
      boolean interrupted = Thread.interrupted();

      assertThat(health.getStatus()).isEqualTo(UNREACHABLE);
      assertThat(health.getDetails().get("error")).asString().startsWith("InterruptedException");
      assertThat(interrupted).isTrue();
    }
  }

  @Test
  void requiresATimeoutAndAStatus() {
    Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "x:9092");

    assertThatNullPointerException()
        .isThrownBy(() -> new KafkaClusterHealth(config, "id", null, UNREACHABLE))
        .withMessage("timeout");
    assertThatNullPointerException()
        .isThrownBy(() -> new KafkaClusterHealth(config, "id", TIMEOUT, null))
        .withMessage("whenUnreachable");
  }

  private static KafkaClusterHealth kafka(String bootstrap) {
    return new KafkaClusterHealth(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        "test-health",
        TIMEOUT,
        UNREACHABLE);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
