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
 * @param maxPerHost attempts running at once against one host, per worker (the consumer loop's
 *     per-host gate); also the HTTP connections per target (scheme, host, port)
 * @param maxWaiting job records a worker holds, unclaimed, while their host is at {@code
 *     maxPerHost}; beyond that they are deferred to a retry tier
 * @param resultBodyMaxBytes stored response body cap ({@code FETCHQ_RESULT_BODY_MAX_BYTES})
 * @param connectTimeout upper bound on connecting; a job's own timeout may end it sooner
 * @param shutdownGrace how long a stopping worker waits for running attempts
 * @param topicCreationTimeout how long start-up waits for Kafka to create or confirm the topic
 * @param consumer the Kafka consumer
 * @param writer the outcome writer (group commit)
 * @param followUp publishing the message that follows a recorded outcome
 * @param retryTiers the retry tier forwarder
 * @param breaker the per-host circuit breakers
 */
@Validated
@ConfigurationProperties("fetchq.worker")
public record WorkerProperties(
    @DefaultValue("256") @Min(1) @Max(100_000) int maxInFlight,
    @DefaultValue("16") @Min(1) @Max(100_000) int maxPerHost,
    @DefaultValue("10000") @Min(0) @Max(1_000_000) int maxWaiting,
    @DefaultValue("1MB") @NotNull DataSize resultBodyMaxBytes,
    @DefaultValue("10s") @NotNull Duration connectTimeout,
    @DefaultValue("30s") @NotNull Duration shutdownGrace,
    @DefaultValue("30s") @NotNull Duration topicCreationTimeout,
    @DefaultValue @Valid @NotNull Consumer consumer,
    @DefaultValue @Valid @NotNull Writer writer,
    @DefaultValue @Valid @NotNull FollowUp followUp,
    @DefaultValue @Valid @NotNull RetryTiers retryTiers,
    @DefaultValue @Valid @NotNull Breaker breaker) {

  /**
   * The per-host circuit breakers (Resilience4j, count-based sliding window). A retryable result
   * (connection error, timeout, 408, 425, 429, 5xx listed in API.md) is a failure; anything else a
   * success.
   *
   * @param slidingWindowSize calls in the sliding window
   * @param failureRateThreshold failure percentage that opens a breaker
   * @param minimumCalls calls needed before the failure rate is evaluated
   * @param waitInOpen how long an open breaker defers its host's jobs before half-opening
   * @param halfOpenCalls trial calls while half-open
   * @param maxHosts hosts tracked at once, least recently used evicted
   * @param recheck how far a job refused by a half-open breaker is deferred
   */
  public record Breaker(
      @DefaultValue("50") @Min(1) @Max(10_000) int slidingWindowSize,
      @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
      @DefaultValue("20") @Min(1) @Max(10_000) int minimumCalls,
      @DefaultValue("30s") @NotNull Duration waitInOpen,
      @DefaultValue("3") @Min(1) @Max(1_000) int halfOpenCalls,
      @DefaultValue("1000") @Min(1) @Max(1_000_000) int maxHosts,
      @DefaultValue("1s") @NotNull Duration recheck) {}

  /**
   * The jobs consumer.
   *
   * @param groupId consumer group shared by all workers
   * @param pollTimeout longest single poll
   * @param maxPollRecords records per poll, i.e. the claim batch size
   * @param maxPollInterval Kafka's {@code max.poll.interval.ms}; must exceed the longest job
   * @param commitInterval shortest interval between asynchronous offset commits
   * @param revocationGrace how long a revoked partition's running attempts are waited for
   * @param earlyTolerance a message due further ahead than this is handed back to a retry tier
   *     instead of being claimed
   * @param properties further consumer properties, e.g. {@code client.rack}
   */
  public record Consumer(
      @DefaultValue("fetchq-workers") @NotBlank String groupId,
      @DefaultValue("100ms") @NotNull Duration pollTimeout,
      @DefaultValue("500") @Min(1) @Max(10_000) int maxPollRecords,
      @DefaultValue("5m") @NotNull Duration maxPollInterval,
      @DefaultValue("200ms") @NotNull Duration commitInterval,
      @DefaultValue("10s") @NotNull Duration revocationGrace,
      @DefaultValue("50ms") @NotNull Duration earlyTolerance,
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

  /**
   * Publishing follow-up messages (next attempt, dead letter) after an outcome is durable.
   *
   * @param sendTimeout how long one send may wait for the broker's acknowledgement
   * @param initialBackoff first pause after a failed publish
   * @param maxBackoff longest pause between publish retries
   */
  public record FollowUp(
      @DefaultValue("30s") @NotNull Duration sendTimeout,
      @DefaultValue("100ms") @NotNull Duration initialBackoff,
      @DefaultValue("5s") @NotNull Duration maxBackoff) {}

  /**
   * The retry tier forwarder.
   *
   * @param groupId its consumer group (one forwarder per worker process shares the tiers)
   * @param maxPollWait longest single poll; resume times are checked at least this often
   * @param fetchMaxWait the consumer's {@code fetch.max.wait.ms}: how long a fetch may wait on the
   *     broker; bounds the delay between resuming a partition and receiving its records
   * @param shutdownTimeout how long stopping waits for the forwarder's loop
   */
  public record RetryTiers(
      @DefaultValue("fetchq-retry-tiers") @NotBlank String groupId,
      @DefaultValue("100ms") @NotNull Duration maxPollWait,
      @DefaultValue("50ms") @NotNull Duration fetchMaxWait,
      @DefaultValue("10s") @NotNull Duration shutdownTimeout) {}
}
