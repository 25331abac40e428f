package io.fetchq.api.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The transactional outbox and its relay ({@code fetchq.api.outbox.*}).
 *
 * @param batchSize the most rows one relay pass publishes
 * @param pollInterval the longest idle wait without a wake-up (picks up rows other instances left)
 * @param initialBackoff the pause after the first failed pass
 * @param maxBackoff the longest pause between failed passes
 * @param stopTimeout how long shutdown waits for the pass in progress
 * @param topicCreationTimeout how long start-up waits for Kafka to create or confirm the topic
 * @param backlogRefresh the backlog gauge counts the rows at most this often
 * @param producer the relay's Kafka producer
 */
@Validated
@ConfigurationProperties("fetchq.api.outbox")
public record ApiOutboxProperties(
    @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
    @DefaultValue("250ms") @NotNull Duration pollInterval,
    @DefaultValue("100ms") @NotNull Duration initialBackoff,
    @DefaultValue("10s") @NotNull Duration maxBackoff,
    @DefaultValue("15s") @NotNull Duration stopTimeout,
    @DefaultValue("30s") @NotNull Duration topicCreationTimeout,
    @DefaultValue("10s") @NotNull Duration backlogRefresh,
    @Valid @DefaultValue Producer producer) {

  /**
   * The relay's producer. It is always idempotent with {@code acks=all}.
   *
   * @param linger how long the producer waits to fill a batch (the relay flushes anyway)
   * @param batchSize the producer's per-partition batch buffer
   * @param compression {@code none}, {@code lz4}, {@code zstd}, {@code snappy} or {@code gzip}
   * @param maxInFlight unacknowledged requests per connection (at most 5 keeps order with
   *     idempotence)
   * @param deliveryTimeout upper bound of one send, retries included
   * @param requestTimeout one request to the broker; at most {@code deliveryTimeout - linger}
   * @param maxBlock how long a send may wait for metadata when the broker is unreachable
   * @param properties further producer properties, applied last
   */
  public record Producer(
      @DefaultValue("2ms") @NotNull Duration linger,
      @DefaultValue("256KB") @NotNull DataSize batchSize,
      @DefaultValue("lz4") @NotBlank String compression,
      @DefaultValue("5") @Min(1) @Max(5) int maxInFlight,
      @DefaultValue("30s") @NotNull Duration deliveryTimeout,
      @DefaultValue("10s") @NotNull Duration requestTimeout,
      @DefaultValue("10s") @NotNull Duration maxBlock,
      @DefaultValue Map<String, String> properties) {}
}
