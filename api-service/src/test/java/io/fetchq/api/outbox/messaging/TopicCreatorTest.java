package io.fetchq.api.outbox.messaging;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class TopicCreatorTest {

  @Test
  void failsWithinItsTimeoutNamingTheTopicAndTheBootstrapServers() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + closedPort;
    TopicCreator creator =
        new TopicCreator(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            "t.jobs.v1",
            3,
            (short) 1,
            Duration.ofMillis(500));

    assertThatThrownBy(creator::ensureTopic)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'t.jobs.v1'")
        .hasMessageContaining(bootstrap)
        .hasMessageContaining("FETCHQ_KAFKA_BOOTSTRAP");
  }
}
