package io.fetchq.worker.config;

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
 * Worker settings ({@code fetchq.worker.*}); defaults in {@code fetchq-worker.yml}.
 *
 * @param maxInFlight attempts running or awaiting their durable outcome at once; also the HTTP
 *     connection pool size
 * @param maxPerHost HTTP connections per target (scheme, host, port)
 * @param resultBodyMaxBytes stored response body cap ({@code FETCHQ_RESULT_BODY_MAX_BYTES})
 * @param connectTimeout upper bound on connecting; a job's own timeout may end it sooner
 * @param shutdownGrace how long a stopping worker waits for running attempts
 * @param topicCreationTimeout how long start-up waits for Kafka to create or confirm the topic
 * @param consumer the Kafka consumer
 * @param writer the outcome writer (group commit)
 */
@Validated
@ConfigurationProperties("fetchq.worker")
public record WorkerProperties(
    @DefaultValue("256") @Min(1) @Max(100_000) int maxInFlight,
    @DefaultValue("16") @Min(1) @Max(100_000) int maxPerHost,
    @DefaultValue("1MB") @NotNull DataSize resultBodyMaxBytes,
    @DefaultValue("10s") @NotNull Duration connectTimeout,
    @DefaultValue("30s") @NotNull Duration shutdownGrace,
    @DefaultValue("30s") @NotNull Duration topicCreationTimeout,
    @DefaultValue @Valid @NotNull Consumer consumer,
    @DefaultValue @Valid @NotNull Writer writer) {

  /**
   * The jobs consumer.
   *
   * @param groupId consumer group shared by all workers
   * @param pollTimeout longest single poll
   * @param maxPollRecords records per poll, i.e. the claim batch size
   * @param maxPollInterval Kafka's {@code max.poll.interval.ms}; must exceed the longest job
   * @param commitInterval shortest interval between asynchronous offset commits
   * @param revocationGrace how long a revoked partition's running attempts are waited for
   * @param properties further consumer properties, e.g. {@code client.rack}
   */
  public record Consumer(
      @DefaultValue("fetchq-workers") @NotBlank String groupId,
      @DefaultValue("100ms") @NotNull Duration pollTimeout,
      @DefaultValue("500") @Min(1) @Max(10_000) int maxPollRecords,
      @DefaultValue("5m") @NotNull Duration maxPollInterval,
      @DefaultValue("200ms") @NotNull Duration commitInterval,
      @DefaultValue("10s") @NotNull Duration revocationGrace,
      Map<String, String> properties) {

    public Consumer {
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
  }

  /**
   * The outcome writer.
   *
   * @param maxBatch most outcomes per transaction
   * @param maxDelay longest wait for more outcomes after the first of a batch
   * @param initialBackoff first pause after a failed write
   * @param maxBackoff longest pause between write retries
   * @param closeTimeout how long shutdown keeps writing queued outcomes
   */
  public record Writer(
      @DefaultValue("500") @Min(1) @Max(10_000) int maxBatch,
      @DefaultValue("5ms") @NotNull Duration maxDelay,
      @DefaultValue("100ms") @NotNull Duration initialBackoff,
      @DefaultValue("5s") @NotNull Duration maxBackoff,
      @DefaultValue("10s") @NotNull Duration closeTimeout) {}
}
