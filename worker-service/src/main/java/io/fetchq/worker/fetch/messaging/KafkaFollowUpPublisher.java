package io.fetchq.worker.fetch.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.RetryTier;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.jobs.v1.AttemptRecord;
import io.fetchq.contracts.jobs.v1.AwaitsRoomHeader;
import io.fetchq.contracts.jobs.v1.DeadLetterMessage;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.contracts.jobs.v1.NotBeforeHeader;
import io.fetchq.kernel.ids.UuidV7;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.PastAttempt;
import io.fetchq.worker.fetch.usecase.FollowUpPublisher;
import io.fetchq.worker.tracing.Tracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes follow-up messages with the worker's idempotent {@code acks=all} producer: a retry goes
 * to the retry tier that fits the time left (or to the jobs topic when due) as a {@link
 * FetchJobMessage} with a fresh id; a dead letter goes to the dead-letters topic. Both are keyed by
 * job id and carry the {@code fetchq-type} header; a retry also carries its due time in the {@link
 * NotBeforeHeader}, and one handed back only for want of room at its host the {@link
 * AwaitsRoomHeader}. Each call blocks until the broker acknowledged.
 */
public final class KafkaFollowUpPublisher implements FollowUpPublisher {

  private final KafkaTemplate<String, byte[]> template;
  private final ObjectMapper json;
  private final Clock clock;
  private final String topicPrefix;
  private final Duration sendTimeout;
  private final MeterRegistry meters;
  private final Tracing tracing;
  private final RandomGenerator random = new SecureRandom();

  public KafkaFollowUpPublisher(
      KafkaTemplate<String, byte[]> template,
      ObjectMapper json,
      Clock clock,
      String topicPrefix,
      Duration sendTimeout,
      MeterRegistry meters,
      Tracing tracing) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    this.template = Objects.requireNonNull(template, "template");
    this.json = Objects.requireNonNull(json, "json");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
    this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  @Override
  public void publishRetry(FollowUp.Retry retry) {
    Instant now = clock.instant();
    FetchJobMessage message =
        new FetchJobMessage(
            UuidV7.generate(now, random),
            retry.jobId().value(),
            retry.tenantId().value(),
            retry.attempt(),
            now,
            retry.generation(),
            retry.notBefore(),
            retry.host());
    Optional<RetryTier> tier = TierRelease.tierFor(retry.notBefore(), now);
    String topic = Topics.name(topicPrefix, tier.map(RetryTier::topic).orElse(Topics.JOBS));
    ProducerRecord<String, byte[]> record =
        producerRecord(topic, retry.jobId().toString(), bytes(message), FetchJobMessage.TYPE);
    // the retry tiers release the record by this header, without decoding the message
    record.headers().add(NotBeforeHeader.NAME, NotBeforeHeader.encode(retry.notBefore()));
    if (retry.awaitsRoom()) {
      // a tier may release it sooner, when a worker has room for its host
      record.headers().add(AwaitsRoomHeader.NAME, AwaitsRoomHeader.encode(retry.host()));
    }
    send(record);
    Counter.builder("fetchq.worker.retries.scheduled")
        .description("Attempt messages published after a retryable outcome, by retry tier")
        .tag("tier", tier.map(t -> t.name().toLowerCase(Locale.ROOT)).orElse("due"))
        .register(meters)
        .increment();
  }

  @Override
  public void publishDeadLetter(FollowUp.DeadLetter dead, List<PastAttempt> history) {
    Instant now = clock.instant();
    DeadLetterMessage message =
        new DeadLetterMessage(
            UuidV7.generate(now, random),
            dead.jobId().value(),
            dead.tenantId().value(),
            dead.generation(),
            dead.url(),
            dead.failedAt(),
            dead.lastError().type(),
            dead.lastError().message(),
            history.stream().map(KafkaFollowUpPublisher::record).toList());
    send(
        producerRecord(
            Topics.name(topicPrefix, Topics.DEAD_LETTERS),
            dead.jobId().toString(),
            bytes(message),
            DeadLetterMessage.TYPE));
    Counter.builder("fetchq.worker.dead.letters")
        .description("Dead-letter messages published for failed jobs")
        .register(meters)
        .increment();
  }

  private static AttemptRecord record(PastAttempt attempt) {
    return new AttemptRecord(
        attempt.attempt(),
        attempt.startedAt(),
        attempt.durationMs(),
        attempt.outcome().wireName(),
        attempt.statusCode(),
        attempt.errorType(),
        attempt.errorMessage());
  }

  private byte[] bytes(Object message) {
    try {
      return json.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("message not serializable", e);
    }
  }

  private ProducerRecord<String, byte[]> producerRecord(
      String topic, String key, byte[] value, String type) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
    record.headers().add(Topics.TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
    // the attempt's span: the next attempt links to it, a dead letter names it
    tracing.injectCurrent(record.headers());
    return record;
  }

  private void send(ProducerRecord<String, byte[]> record) {
    String topic = record.topic();
    try {
      template.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("send to " + topic + " failed: " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("send to " + topic + " not acknowledged in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + topic, e);
    }
  }
}
