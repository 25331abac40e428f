package io.fetchq.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class MessagingConfigurationTest {

  private static ApiOutboxProperties outbox(
      Duration linger,
      Duration requestTimeout,
      Duration deliveryTimeout,
      Map<String, String> extra) {
    return new ApiOutboxProperties(
        500,
        Duration.ofMillis(250),
        Duration.ofMillis(100),
        Duration.ofSeconds(10),
        Duration.ofSeconds(15),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        new ApiOutboxProperties.Producer(
            linger,
            DataSize.ofKilobytes(256),
            "lz4",
            5,
            deliveryTimeout,
            requestTimeout,
            Duration.ofSeconds(10),
            extra));
  }

  @Test
  void theOutboxProducerIsIdempotentWithAcksAllWhateverBootSays() {
    Map<String, Object> config =
        MessagingConfiguration.producerConfig(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092",
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
            outbox(Duration.ofMillis(2), Duration.ofSeconds(10), Duration.ofSeconds(30), Map.of()));

    assertThat(config)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 2)
        .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024)
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)
        .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000)
        .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000L);
  }

  @Test
  void extraProducerPropertiesApplyLast() {
    Map<String, Object> config =
        MessagingConfiguration.producerConfig(
            Map.of(),
            outbox(
                Duration.ofMillis(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")));

    assertThat(config).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
  }

  @Test
  void refusesADeliveryTimeoutShorterThanLingerPlusRequestTimeout() {
    ApiOutboxProperties settings =
        outbox(Duration.ofMillis(5), Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of());

    assertThatThrownBy(() -> MessagingConfiguration.producerConfig(Map.of(), settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("delivery-timeout");
  }
}
