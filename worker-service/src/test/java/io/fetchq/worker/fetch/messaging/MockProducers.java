package io.fetchq.worker.fetch.messaging;

import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/** A {@link KafkaTemplate} over one {@link MockProducer} whose history holds every send. */
final class MockProducers {

  private MockProducers() {}

  /**
   * An auto-completing producer that ignores {@code close()}: the template closes a mock factory's
   * producer after each send, which would fail the next one.
   */
  static MockProducer<String, byte[]> reusable() {
    return new MockProducer<>(true, new StringSerializer(), new ByteArraySerializer()) {
      @Override
      public void close() {}

      @Override
      public void close(Duration timeout) {}
    };
  }

  static KafkaTemplate<String, byte[]> templateOver(MockProducer<String, byte[]> producer) {
    return new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
  }
}
