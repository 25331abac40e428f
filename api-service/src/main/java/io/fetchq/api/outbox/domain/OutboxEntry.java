package io.fetchq.api.outbox.domain;

import java.util.Map;
import java.util.Objects;

/**
 * One message waiting in the outbox: a Kafka record to publish.
 *
 * @param id the row id; ids grow in insertion order
 * @param topic the full topic name
 * @param key the record key (the job id for job messages)
 * @param payload the record value, as stored (not copied)
 * @param headers record headers, values sent as UTF-8
 */
public record OutboxEntry(
    long id, String topic, String key, byte[] payload, Map<String, String> headers) {

  public OutboxEntry {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(payload, "payload");
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutboxEntry other && id == other.id;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "OutboxEntry[id=" + id + ", topic=" + topic + ", key=" + key + "]";
  }
}
