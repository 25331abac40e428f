package io.fetchq.worker.fetch.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fetchq.contracts.RetryTier;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.jobs.v1.AwaitsRoomHeader;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.contracts.jobs.v1.NotBeforeHeader;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.TenantId;
import io.fetchq.worker.tracing.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaFollowUpPublisherTest {

  private static final Instant NOW = Instant.parse("2026-12-05T20:00:00.000500Z");

  private final ObjectMapper json =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final MockProducer<String, byte[]> producer = MockProducers.reusable();

  private final KafkaFollowUpPublisher publisher =
      new KafkaFollowUpPublisher(
          MockProducers.templateOver(producer),
          json,
          Clock.fixed(NOW, ZoneOffset.UTC),
          "t.",
          Duration.ofSeconds(5),
          new SimpleMeterRegistry(),
          new Tracing(OpenTelemetry.noop()));

  private ProducerRecord<String, byte[]> publish(Instant notBefore) {
    UUID job = UUID.randomUUID();
    publisher.publishRetry(
        new FollowUp.Retry(
            new JobId(job), new TenantId(UUID.randomUUID()), 1, 3, notBefore, "example.org"));
    ProducerRecord<String, byte[]> record = producer.history().getLast();
    assertThat(record.key()).isEqualTo(job.toString());
    return record;
  }

  @Test
  void aRetryCarriesItsDueTimeInAHeaderAsWellAsInTheMessage() throws Exception {
    Instant due = Instant.parse("2026-12-05T20:00:30.250Z");

    ProducerRecord<String, byte[]> record = publish(due);

    assertThat(record.topic()).isEqualTo(Topics.name("t.", RetryTier.T10S.topic()));
    assertThat(NotBeforeHeader.decode(record.headers().lastHeader(NotBeforeHeader.NAME).value()))
        .contains(due);
    FetchJobMessage message = json.readValue(record.value(), FetchJobMessage.class);
    assertThat(message.notBefore()).isEqualTo(due);
    assertThat(message.attempt()).isEqualTo(3);
    assertThat(
            new String(
                record.headers().lastHeader(Topics.TYPE_HEADER).value(), StandardCharsets.UTF_8))
        .isEqualTo(FetchJobMessage.TYPE);
  }

  @Test
  void onlyAHandBackForWantOfRoomCarriesTheAwaitsRoomHeaderNamingItsHost() {
    String host = "a".repeat(300) + ".example.org"; // no length limit: the API sets none
    publisher.publishRetry(
        new FollowUp.Retry(
            new JobId(UUID.randomUUID()),
            new TenantId(UUID.randomUUID()),
            0,
            1,
            NOW.plusSeconds(30),
            host,
            true));
    ProducerRecord<String, byte[]> handBack = producer.history().getLast();
    assertThat(new String(handBack.headers().lastHeader(AwaitsRoomHeader.NAME).value(), UTF_8))
        .isEqualTo(host);

    ProducerRecord<String, byte[]> retry = publish(NOW.plusSeconds(30));
    assertThat(retry.headers().lastHeader(AwaitsRoomHeader.NAME)).isNull();
  }

  @Test
  void aRetryDueNowGoesToTheJobsTopicWithItsHeader() {
    ProducerRecord<String, byte[]> record = publish(NOW);

    assertThat(record.topic()).isEqualTo(Topics.name("t.", Topics.JOBS));
    // rounded up to the next millisecond, never earlier than the message's due time
    assertThat(NotBeforeHeader.decode(record.headers().lastHeader(NotBeforeHeader.NAME).value()))
        .contains(NOW.plusNanos(500_000));
  }
}
