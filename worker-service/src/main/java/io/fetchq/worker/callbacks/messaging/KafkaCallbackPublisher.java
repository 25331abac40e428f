package io.fetchq.worker.callbacks.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import io.fetchq.worker.callbacks.usecase.CallbackPublisher;
import io.fetchq.worker.callbacks.usecase.DueDelivery;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * {@link CallbackPublisher} on the worker's Kafka template: one {@link CallbackMessage} per
 * delivery, keyed by event id, header {@code fetchq-type: callback.v1}; returns once every send is
 * acknowledged.
 */
public final class KafkaCallbackPublisher implements CallbackPublisher {

  private final KafkaTemplate<String, byte[]> template;
  private final ObjectMapper json;
  private final Clock clock;
  private final String topic;
  private final Duration sendTimeout;

  public KafkaCallbackPublisher(
      KafkaTemplate<String, byte[]> template,
      ObjectMapper json,
      Clock clock,
      String topic,
      Duration sendTimeout) {
    this.template = Objects.requireNonNull(template, "template");
    this.json = Objects.requireNonNull(json, "json");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
  }

  @Override
  public void publish(List<DueDelivery> deliveries) {
    Instant now = clock.instant();
    List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
    for (DueDelivery delivery : deliveries) {
      CallbackMessage message =
          new CallbackMessage(
              delivery.id().value(), delivery.tenantId(), delivery.attempt(), delivery.host(), now);
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(topic, delivery.id().toString(), bytes(message));
      record
          .headers()
          .add(Topics.TYPE_HEADER, CallbackMessage.TYPE.getBytes(StandardCharsets.UTF_8));
      sends.add(template.send(record));
    }
    long deadline = System.nanoTime() + sendTimeout.toNanos();
    try {
      for (CompletableFuture<SendResult<String, byte[]>> send : sends) {
        send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("send to " + topic + " failed: " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("send to " + topic + " not acknowledged in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + topic, e);
    }
  }

  private byte[] bytes(CallbackMessage message) {
    try {
      return json.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a callback message is always serialisable", e);
    }
  }
}
