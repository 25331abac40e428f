package io.fetchq.api.callbacks;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the API published to the callbacks topic for an event: waits until the outbox holds no row
 * for it (the relay deletes a row only once Kafka acknowledged it), then reads the whole topic from
 * the beginning to its end, so every message ever written for the event is counted.
 */
record CallbackRecords(JdbcClient jdbc, String brokers, String topic, ObjectMapper json) {

  private static final Duration WAIT = Duration.ofSeconds(30);

  List<ConsumerRecord<String, byte[]>> recordsFor(UUID eventId) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                jdbc.sql("SELECT count(*) FROM outbox WHERE message_key = ?")
                    .param(eventId.toString())
                    .query(Long.class)
                    .single(),
            n -> n == 0);
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, WAIT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end");
        }
        consumer
            .poll(Duration.ofMillis(20))
            .forEach(
                r -> {
                  if (eventId.toString().equals(r.key())) {
                    found.add(r);
                  }
                });
      }
      return found;
    }
  }

  List<CallbackMessage> messagesFor(UUID eventId) {
    List<CallbackMessage> messages = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : recordsFor(eventId)) {
      try {
        messages.add(json.readValue(record.value(), CallbackMessage.class));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return messages;
  }
}
