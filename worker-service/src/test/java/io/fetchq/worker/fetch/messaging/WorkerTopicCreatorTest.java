package io.fetchq.worker.fetch.messaging;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class WorkerTopicCreatorTest {

  @Test
  void failsWithAClearMessageWhenKafkaDoesNotAnswer() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    WorkerTopicCreator creator =
        new WorkerTopicCreator(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort),
            List.of("t.jobs.v1", "t.retry-1s.v1"),
            3,
            (short) 1,
            Duration.ofMillis(1500));

    assertThatThrownBy(creator::ensureTopics)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("t.jobs.v1")
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining("FETCHQ_KAFKA_BOOTSTRAP");
  }
}
