package io.fetchq.api.outbox.messaging;

import io.fetchq.api.outbox.domain.OutboxEntry;
import io.fetchq.api.outbox.usecase.OutboxPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
 */
public final class KafkaOutboxPublisher implements OutboxPublisher {

  private final KafkaTemplate<String, byte[]> template;
  private final Duration ackTimeout;

  /**
   * @param ackTimeout the longest wait for the acknowledgements of one batch; set it above the
   *     producer's {@code delivery.timeout.ms}, which bounds each send
   */
  public KafkaOutboxPublisher(KafkaTemplate<String, byte[]> template, Duration ackTimeout) {
    this.template = Objects.requireNonNull(template, "template");
    this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
  }

  @Override
  public void publishAll(List<OutboxEntry> entries) {
    List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(entries.size());
    for (OutboxEntry entry : entries) {
      // A send that fails before reaching the network (e.g. no metadata within max.block.ms)
      // throws or fails at once; the rest would block just as long each, so the batch stops.
      CompletableFuture<SendResult<String, byte[]>> send;
      try {
        send = template.send(record(entry));
      } catch (RuntimeException e) {
        throw failure(entries.size(), e.getCause() == null ? e : e.getCause());
      }
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

  private static ProducerRecord<String, byte[]> record(OutboxEntry entry) {
    List<Header> headers = new ArrayList<>(entry.headers().size());
    for (Map.Entry<String, String> header : entry.headers().entrySet()) {
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
