package io.fetchq.worker.fetch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fetchq.contracts.RetryTier;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.jobs.v1.AwaitsRoomHeader;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.contracts.jobs.v1.NotBeforeHeader;
import io.fetchq.worker.messaging.LaneRoom;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarder's release decisions on records read from a retry tier: the due time comes from the
 * {@link NotBeforeHeader} when a record has one (its payload is then never decoded) and from the
 * message otherwise.
 */
class RetryTierForwarderTest {

  private static final String PREFIX = "t.";
  private static final Instant NOW = Instant.parse("2026-12-05T20:00:00Z");
  private static final String TIER = Topics.name(PREFIX, RetryTier.T10S.topic());
  private static final String JOBS = Topics.name(PREFIX, Topics.JOBS);
  private static final TopicPartition PARTITION = new TopicPartition(TIER, 0);

  private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule()).build();
  private final MockConsumer<String, byte[]> consumer =
      new MockConsumer<>(OffsetResetStrategy.EARLIEST);

  private final MockProducer<String, byte[]> producer = MockProducers.reusable();

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final LaneRoom room = new LaneRoom();
  private final RetryTierForwarder forwarder =
      new RetryTierForwarder(
          () -> consumer,
          MockProducers.templateOver(producer),
          json,
          room,
          () -> {},
          Clock.fixed(NOW, ZoneOffset.UTC),
          new RetryTierForwarder.Settings(
              PREFIX,
              Duration.ofMillis(20),
              Duration.ofSeconds(5),
              Duration.ofSeconds(1),
              Duration.ofSeconds(5)),
          meters);

  @AfterEach
  void stop() {
    forwarder.stop();
  }

  private byte[] message(Instant notBefore) throws Exception {
    UUID id = UUID.randomUUID();
    return json.writeValueAsBytes(
        new FetchJobMessage(
            id, id, UUID.randomUUID(), 2, NOW.minusSeconds(20), 0, notBefore, "example.org"));
  }

  private static ConsumerRecord<String, byte[]> record(
      long offset, Instant written, byte[] value, byte[] notBeforeHeader) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Topics.TYPE_HEADER, FetchJobMessage.TYPE.getBytes(StandardCharsets.UTF_8));
    if (notBeforeHeader != null) {
      headers.add(NotBeforeHeader.NAME, notBeforeHeader);
    }
    return new ConsumerRecord<>(
        TIER,
        0,
        offset,
        written.toEpochMilli(),
        TimestampType.CREATE_TIME,
        -1,
        value == null ? -1 : value.length,
        "job-" + offset,
        value,
        headers,
        Optional.empty());
  }

  /** A record handed back for want of room, due in a minute, written to the 10 s tier 4 s ago. */
  private ConsumerRecord<String, byte[]> awaitingRoom(long offset) throws Exception {
    Instant due = NOW.plusSeconds(60);
    ConsumerRecord<String, byte[]> record =
        record(offset, NOW.minusSeconds(4), message(due), NotBeforeHeader.encode(due));
    record.headers().add(AwaitsRoomHeader.NAME, AwaitsRoomHeader.encode("example.org"));
    return record;
  }

  /** Starts the forwarder on the tier partition holding {@code records}. */
  private void run(List<ConsumerRecord<String, byte[]>> records) {
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(PARTITION));
          consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
          records.forEach(consumer::addRecord);
        });
    forwarder.start();
  }

  private void awaitCommitted(long offset) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              // MockConsumer's methods are synchronized: safe beside the forwarder's thread
              OffsetAndMetadata committed = consumer.committed(Set.of(PARTITION)).get(PARTITION);
              return committed != null && committed.offset() >= offset;
            });
  }

  private List<String> forwardedKeys() {
    return producer.history().stream().map(ProducerRecord::key).toList();
  }

  @Test
  void aDueHeaderReleasesTheRecordWithoutReadingItsPayload() {
    // a payload the forwarder could not decode: only the header can have released it
    byte[] opaque = "not json".getBytes(StandardCharsets.UTF_8);
    run(List.of(record(0, NOW.minusSeconds(11), opaque, NotBeforeHeader.encode(NOW))));

    awaitCommitted(1);

    assertThat(producer.history()).hasSize(1);
    ProducerRecord<String, byte[]> out = producer.history().getFirst();
    assertThat(out.topic()).isEqualTo(JOBS);
    assertThat(out.key()).isEqualTo("job-0");
    assertThat(out.value()).isEqualTo(opaque);
    assertThat(out.headers().lastHeader(NotBeforeHeader.NAME).value())
        .isEqualTo(NotBeforeHeader.encode(NOW));
    assertThat(meters.counter("fetchq.worker.retry.skipped").count()).isZero();
  }

  @Test
  void aRecordWithoutTheHeaderIsReleasedByItsMessage() throws Exception {
    run(
        List.of(
            record(0, NOW.minusSeconds(11), message(NOW.minusMillis(5)), null),
            // an unreadable header counts as none
            record(
                1, NOW.minusSeconds(11), message(NOW), "soon".getBytes(StandardCharsets.UTF_8))));

    awaitCommitted(2);

    assertThat(forwardedKeys()).containsExactly("job-0", "job-1");
    assertThat(producer.history()).allSatisfy(r -> assertThat(r.topic()).isEqualTo(JOBS));
  }

  @Test
  void aRecordDueLaterMovesToTheTierThatFitsWhatIsLeft() throws Exception {
    // held its 10 s, due in 2 minutes: the one-minute tier, by the header alone
    byte[] value = message(NOW.plusSeconds(120));
    run(
        List.of(
            record(0, NOW.minusSeconds(10), value, NotBeforeHeader.encode(NOW.plusSeconds(120)))));

    awaitCommitted(1);

    assertThat(producer.history())
        .singleElement()
        .satisfies(
            r -> assertThat(r.topic()).isEqualTo(Topics.name(PREFIX, RetryTier.T1M.topic())));
  }

  @Test
  void aRecordNotYetReleasedWaitsAndHoldsTheRecordsBehindIt() throws Exception {
    run(
        List.of(
            // written 4 s ago to the 10 s tier, due in a minute: released in 6 s
            record(
                0, NOW.minusSeconds(4), message(null), NotBeforeHeader.encode(NOW.plusSeconds(60))),
            record(1, NOW.minusSeconds(11), message(NOW), NotBeforeHeader.encode(NOW))));

    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.paused().contains(PARTITION));

    assertThat(producer.history()).isEmpty();
  }

  @Test
  void aRecordWithNeitherAHeaderNorAReadableMessageIsSkipped() {
    run(
        List.of(
            record(0, NOW.minusSeconds(11), "{".getBytes(StandardCharsets.UTF_8), null),
            record(1, NOW.minusSeconds(11), null, NotBeforeHeader.encode(NOW))));

    awaitCommitted(2);

    assertThat(producer.history()).isEmpty();
    assertThat(meters.counter("fetchq.worker.retry.skipped").count()).isEqualTo(2);
  }

  @Test
  void recordsAwaitingRoomAreReleasedBeforeTheirDueTimeAsFarAsTheLoopHasRoom() throws Exception {
    room.offer(2);
    run(List.of(awaitingRoom(0), awaitingRoom(1), awaitingRoom(2)));

    awaitCommitted(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.paused().contains(PARTITION));

    assertThat(forwardedKeys()).containsExactly("job-0", "job-1");
    assertThat(producer.history()).allSatisfy(r -> assertThat(r.topic()).isEqualTo(JOBS));
    // forwarded unchanged: the job loop reads the header and does not hand it back as early
    assertThat(producer.history().getFirst().headers().lastHeader(AwaitsRoomHeader.NAME))
        .isNotNull();
    assertThat(meters.counter("fetchq.worker.retry.released.early").count()).isEqualTo(2);
    assertThat(room.available()).isFalse();
  }

  @Test
  void aRecordAwaitingRoomThatWouldMoveToAShorterTierGoesStraightToTheJobsTopicWhenThereIsRoom()
      throws Exception {
    // held its 10 s, due in 5 s: the 1 s tier without room, the jobs topic with room
    Instant due = NOW.plusSeconds(5);
    ConsumerRecord<String, byte[]> record =
        record(0, NOW.minusSeconds(10), message(due), NotBeforeHeader.encode(due));
    record.headers().add(AwaitsRoomHeader.NAME, AwaitsRoomHeader.encode("example.org"));
    room.offer(1);
    run(List.of(record));

    awaitCommitted(1);

    assertThat(producer.history())
        .singleElement()
        .satisfies(r -> assertThat(r.topic()).isEqualTo(JOBS));
    assertThat(meters.counter("fetchq.worker.retry.released.early").count()).isEqualTo(1);
  }

  @Test
  void aPartitionPausedOnARecordAwaitingRoomResumesAsSoonAsThereIsRoom() throws Exception {
    run(List.of(awaitingRoom(0), awaitingRoom(1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.paused().contains(PARTITION));
    assertThat(producer.history()).isEmpty();
    // the broker would deliver them again from the offset the forwarder rewound to; the mock
    // consumer keeps records of a paused partition for the poll after it resumes
    consumer.addRecord(awaitingRoom(0));
    consumer.addRecord(awaitingRoom(1));

    room.offer(1);

    awaitCommitted(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.paused().contains(PARTITION));
    assertThat(forwardedKeys()).containsExactly("job-0");
  }

  @Test
  void aRealRetryWaitsForItsDueTimeHoweverMuchRoomThereIsAndHoldsTheRecordsBehindIt()
      throws Exception {
    room.offer(100);
    Instant due = NOW.plusSeconds(60);
    run(
        List.of(
            record(0, NOW.minusSeconds(4), message(due), NotBeforeHeader.encode(due)),
            awaitingRoom(1)));

    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.paused().contains(PARTITION));

    assertThat(producer.history()).isEmpty();
    assertThat(room.available()).isTrue();
  }
}
