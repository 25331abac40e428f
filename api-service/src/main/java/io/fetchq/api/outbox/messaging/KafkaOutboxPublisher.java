package io.fetchq.api.outbox.messaging;

import io.fetchq.api.outbox.domain.OutboxEntry;
import io.fetchq.api.outbox.usecase.OutboxPublisher;
import io.fetchq.api.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes outbox entries with a {@link KafkaTemplate} whose producer is idempotent with {@code
 * acks=all}: sends the whole batch (one partition keeps the send order of a key), flushes, then
 * waits for every acknowledgement. The only class that touches the KafkaTemplate.
 *
 * <p>A row carrying a trace context ({@code traceparent} header, written with the row) is sent in a
 * PRODUCER span, a child of that context, that ends at the acknowledgement; the record's {@code
 * traceparent} names that span, so the consumer's span is its child.
 */
public final class KafkaOutboxPublisher implements OutboxPublisher {

  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  private static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("messaging.operation.type");
  private static final AttributeKey<String> KEY =
      AttributeKey.stringKey("messaging.kafka.message.key");
  private static final AttributeKey<Long> PARTITION =
      AttributeKey.longKey("messaging.destination.partition.id");
  private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");

  private final KafkaTemplate<String, byte[]> template;
  private final Duration ackTimeout;
  private final Tracing tracing;

  /**
   * @param ackTimeout the longest wait for the acknowledgements of one batch; set it above the
   *     producer's {@code delivery.timeout.ms}, which bounds each send
   */
  public KafkaOutboxPublisher(
      KafkaTemplate<String, byte[]> template, Duration ackTimeout, Tracing tracing) {
    this.template = Objects.requireNonNull(template, "template");
    this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
    this.tracing = Objects.requireNonNull(tracing, "tracing");
  }

  @Override
  public void publishAll(List<OutboxEntry> entries) {
    List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(entries.size());
    for (OutboxEntry entry : entries) {
      // A send that fails before reaching the network (e.g. no metadata within max.block.ms)
      // throws or fails at once; the rest would block just as long each, so the batch stops.
      CompletableFuture<SendResult<String, byte[]>> send;
      Span span = producerSpan(entry);
      try {
        send = template.send(record(entry, span));
      } catch (RuntimeException e) {
        ended(span, null, e);
        throw failure(entries.size(), e.getCause() == null ? e : e.getCause());
      }
      send.whenComplete((result, failure) -> ended(span, result, failure));
      sends.add(send);
      if (send.isCompletedExceptionally()) {
        throw failure(entries.size(), cause(send));
      }
    }
    template.flush();
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      long failed = sends.stream().filter(CompletableFuture::isCompletedExceptionally).count();
      throw new OutboxPublishException(
          failed + " of " + entries.size() + " messages were not acknowledged by Kafka",
          e.getCause());
    } catch (TimeoutException e) {
      throw new OutboxPublishException(
          "Kafka did not acknowledge " + entries.size() + " messages within " + ackTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutboxPublishException("interrupted while waiting for Kafka", e);
    }
  }

  /**
   * The PRODUCER span of one message: a child of the context stored in the row (the request that
   * wrote it), or none when the row carries no context (nothing to continue; a span per untraced
   * row would only add root traces of one span).
   */
  private Span producerSpan(OutboxEntry entry) {
    Context stored = tracing.extract(entry.headers());
    if (!Span.fromContext(stored).getSpanContext().isValid()) {
      return Span.getInvalid();
    }
    return tracing
        .span("send " + entry.topic(), SpanKind.PRODUCER)
        .setParent(stored)
        .setAttribute(SYSTEM, "kafka")
        .setAttribute(DESTINATION, entry.topic())
        .setAttribute(OPERATION, "send")
        .setAttribute(KEY, entry.key())
        .startSpan();
  }

  private static void ended(Span span, SendResult<String, byte[]> result, Throwable failure) {
    if (failure != null) {
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
    } else if (result != null && result.getRecordMetadata() != null) {
      span.setAttribute(PARTITION, (long) result.getRecordMetadata().partition());
      span.setAttribute(OFFSET, result.getRecordMetadata().offset());
    }
    span.end();
  }

  /** The record, its trace headers naming {@code span} when it is recorded. */
  private ProducerRecord<String, byte[]> record(OutboxEntry entry, Span span) {
    Map<String, String> values = new LinkedHashMap<>(entry.headers());
    if (span.getSpanContext().isValid()) {
      tracing.inject(Context.root().with(span), values);
    }
    List<Header> headers = new ArrayList<>(values.size());
    for (Map.Entry<String, String> header : values.entrySet()) {
      headers.add(
          new RecordHeader(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8)));
    }
    return new ProducerRecord<>(entry.topic(), null, entry.key(), entry.payload(), headers);
  }

  private static OutboxPublishException failure(int batch, Throwable cause) {
    return new OutboxPublishException(
        "Kafka refused a message of a batch of " + batch + ": " + cause, cause);
  }

  private static Throwable cause(CompletableFuture<?> failed) {
    try {
      failed.join();
      return new IllegalStateException("send did not fail");
    } catch (RuntimeException e) {
      return e.getCause() == null ? e : e.getCause();
    }
  }
}
