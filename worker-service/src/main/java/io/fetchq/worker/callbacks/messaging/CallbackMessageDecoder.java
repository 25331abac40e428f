package io.fetchq.worker.callbacks.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Turns a callbacks record into the message it carries, or says why it cannot be used. */
final class CallbackMessageDecoder {

  /** The result of decoding one record. */
  sealed interface Decoded {

    /** A usable message. */
    record Message(CallbackMessage message) implements Decoded {}

    /** An unusable record; {@code reason} never contains the payload. */
    record Poison(String reason) implements Decoded {}
  }

  private final ObjectMapper json;

  CallbackMessageDecoder(ObjectMapper json) {
    this.json = Objects.requireNonNull(json, "json");
  }

  Decoded decode(ConsumerRecord<String, byte[]> record) {
    Header type = record.headers().lastHeader(Topics.TYPE_HEADER);
    if (type != null
        && !CallbackMessage.TYPE.equals(new String(type.value(), StandardCharsets.UTF_8))) {
      return new Decoded.Poison("unexpected message type");
    }
    if (record.value() == null) {
      return new Decoded.Poison("empty value");
    }
    try {
      return new Decoded.Message(json.readValue(record.value(), CallbackMessage.class));
    } catch (IOException | RuntimeException e) {
      return new Decoded.Poison("undecodable value: " + e.getClass().getSimpleName());
    }
  }
}
