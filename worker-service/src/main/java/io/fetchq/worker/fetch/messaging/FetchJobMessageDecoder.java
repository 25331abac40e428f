package io.fetchq.worker.fetch.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Turns a job record into the attempt it asks for, or says why it cannot be used. */
final class FetchJobMessageDecoder {

  /** The result of decoding one record. */
  sealed interface Decoded {
    /**
     * A usable message.
     *
     * @param ref the attempt it asks for
     * @param tenantId the job's tenant
     * @param notBefore when the attempt is due; null = at once
     * @param host the politeness key; empty when the message has none (written before the field
     *     existed): such messages share one host limit
     */
    record Job(AttemptRef ref, TenantId tenantId, Instant notBefore, String host)
        implements Decoded {}

    /** An unusable record; {@code reason} never contains the payload. */
    record Poison(String reason) implements Decoded {}
  }

  private final ObjectMapper json;

  FetchJobMessageDecoder(ObjectMapper json) {
    this.json = Objects.requireNonNull(json, "json");
  }

  Decoded decode(ConsumerRecord<String, byte[]> record) {
    Header type = record.headers().lastHeader(Topics.TYPE_HEADER);
    if (type != null) {
      String value = new String(type.value(), StandardCharsets.UTF_8);
      if (!FetchJobMessage.TYPE.equals(value)) {
        return new Decoded.Poison("unexpected message type");
      }
    }
    if (record.value() == null) {
      return new Decoded.Poison("empty value");
    }
    try {
      FetchJobMessage message = json.readValue(record.value(), FetchJobMessage.class);
      return new Decoded.Job(
          new AttemptRef(new JobId(message.jobId()), message.generation(), message.attempt()),
          new TenantId(message.tenantId()),
          message.notBefore(),
          message.host() == null ? "" : message.host());
    } catch (IOException | RuntimeException e) {
      return new Decoded.Poison("undecodable value: " + e.getClass().getSimpleName());
    }
  }
}
