package io.fetchq.worker.fetch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.testsupport.TestTarget;
import io.fetchq.worker.WorkerIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

class FetchPipelineIT extends WorkerIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(FetchPipelineIT.class);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired private JobConsumerLoop loop;
  @Autowired private MeterRegistry meters;

  private void awaitStatus(UUID id, String expected) {
    await().atMost(WAIT).until(() -> expected.equals(status(id)));
  }

  @Test
  void completesATextResponseWithItsHeadersAndBody() throws Exception {
    UUID id = insert(NewJob.get(TARGET.url("/json")));

    publish(Publish.of(id));

    awaitStatus(id, "completed");
    Map<String, Object> job = job(id);
    assertThat(job.get("attempts")).isEqualTo(1);
    assertThat(job.get("completed_at")).isNotNull();
    assertThat(job.get("last_error_type")).isNull();
    Map<String, Object> result = result(id);
    assertThat(result.get("status_code")).isEqualTo(200);
    assertThat(new String((byte[]) result.get("body"), StandardCharsets.UTF_8))
        .isEqualTo("{\"hello\":\"world\"}");
    assertThat(json.readTree((String) result.get("headers")).get("content-type").asText())
        .isEqualTo("application/json");
    assertThat(result.get("body_truncated")).isEqualTo(false);
    assertThat(result.get("body_size")).isEqualTo(17L);
  }

  @Test
  void countsTheTerminalStatusAndLatenciesOnceAndExportsConsumerLag() throws Exception {
    double completedBefore = terminalCount("completed");
    long queueWaitsBefore = meters.get("fetchq.jobs.queue.wait").timer().count();
    UUID id = insert(NewJob.get(TARGET.url("/json")));

    publish(Publish.of(id));

    awaitStatus(id, "completed");
    await().atMost(WAIT).until(() -> terminalCount("completed") >= completedBefore + 1);
    assertThat(meters.get("fetchq.jobs.queue.wait").timer().count())
        .isGreaterThan(queueWaitsBefore);
    assertThat(
            meters
                .get("fetchq.jobs.end.to.end")
                .tag("status", "completed")
                .tag("retried", "false")
                .timer()
                .count())
        .isPositive();
    // a duplicate of the finished attempt moves no row: counted once
    double afterFirst = terminalCount("completed");
    RecordMetadata duplicate = publish(Publish.of(id)).getFirst();
    await().atMost(WAIT).until(() -> committedPast(duplicate));
    assertThat(terminalCount("completed")).isEqualTo(afterFirst);
    // Kafka's client metrics of the job consumer (KafkaClientMetrics via the consumer factory)
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        meters
                            .find("kafka.consumer.fetch.manager.records.lag.max")
                            .tag("client.id", "fetchq-worker")
                            .gauges())
                    .isNotEmpty());
  }

  private double terminalCount(String status) {
    return meters.get("fetchq.jobs.terminal").tag("status", status).counter().count();
  }

  @Test
  void sendsTheStoredRequest() throws Exception {
    byte[] body = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);
    UUID id =
        insert(
            new NewJob(
                "queued",
                0,
                "PUT",
                TARGET.url("/echo"),
                Map.of("X-Order", "42", "Content-Type", "application/json"),
                body,
                10_000));

    publish(Publish.of(id));

    awaitStatus(id, "completed");
    TestTarget.Request seen =
        TARGET.requests().stream()
            .filter(r -> r.method().equals("PUT") && Arrays.equals(r.body(), body))
            .findFirst()
            .orElseThrow();
    assertThat(seen.headers()).containsEntry("X-order", List.of("42"));
  }

  @Test
  void completesWithA404() throws Exception {
    UUID id = insert(NewJob.get(TARGET.url("/status/404")));

    publish(Publish.of(id));

    awaitStatus(id, "completed");
    assertThat(result(id).get("status_code")).isEqualTo(404);
  }

  @Test
  void truncatesABodyOverTheCapAndKeepsItsSize() throws Exception {
    UUID id = insert(NewJob.get(TARGET.url("/bytes/5000")));

    publish(Publish.of(id));

    awaitStatus(id, "completed");
    Map<String, Object> result = result(id);
    assertThat((byte[]) result.get("body")).hasSize(BODY_CAP);
    assertThat(result.get("body_truncated")).isEqualTo(true);
    assertThat(result.get("body_size")).isEqualTo(5000L);
  }

  @Test
  void storesABinaryBodyAsBytes() throws Exception {
    byte[] expected = new byte[300];
    new Random(42).nextBytes(expected);
    UUID id = insert(NewJob.get(TARGET.url("/binary/300")));

    publish(Publish.of(id));

    awaitStatus(id, "completed");
    assertThat((byte[]) result(id).get("body")).isEqualTo(expected);
  }

  @Test
  void failsWithATimeoutWhenTheTargetIsTooSlow() throws Exception {
    UUID id = insert(NewJob.get(TARGET.url("/delay/5000")).withTimeout(500).withRetry(1, 1000));

    publish(Publish.of(id));

    await().atMost(Duration.ofSeconds(4)).until(() -> "failed".equals(status(id)));
    Map<String, Object> job = job(id);
    assertThat(job.get("last_error_type")).isEqualTo("timeout");
    assertThat((String) job.get("last_error_message")).contains("500 ms");
    assertThat(job.get("completed_at")).isNotNull();
    assertThat(results(id)).isZero();
  }

  @Test
  void failsARefusedDestinationWithoutConnecting() throws Exception {
    UUID id = insert(NewJob.get("http://169.254.169.254/latest/meta-data/"));

    publish(Publish.of(id));

    awaitStatus(id, "failed");
    assertThat(job(id).get("last_error_type")).isEqualTo("destination_refused");
  }

  @Test
  void runsTheAttemptTheMessageAsksForAfterARetry() throws Exception {
    UUID id = insert(NewJob.get(TARGET.url("/ok")).withStatus("retrying", 1));

    publish(Publish.of(id, 2, null));

    awaitStatus(id, "completed");
    assertThat(job(id).get("attempts")).isEqualTo(2);
  }

  @Test
  void neverFetchesACompletedJobAgainOnADuplicateMessage() throws Exception {
    String path = "/bytes/333";
    UUID id = insert(NewJob.get(TARGET.url(path)));
    publish(Publish.of(id));
    awaitStatus(id, "completed");
    Object fetchedAt = result(id).get("fetched_at");

    RecordMetadata duplicate = publish(Publish.of(id)).getFirst();

    await().atMost(WAIT).until(() -> committedPast(duplicate));
    assertThat(TARGET.hits(path)).isEqualTo(1);
    assertThat(result(id).get("fetched_at")).isEqualTo(fetchedAt);
  }

  @Test
  void neverFetchesACancelledJob() throws Exception {
    String path = "/bytes/334";
    UUID id = insert(NewJob.get(TARGET.url(path)).withStatus("cancelled", 0));

    RecordMetadata sent = publish(Publish.of(id)).getFirst();

    await().atMost(WAIT).until(() -> committedPast(sent));
    assertThat(TARGET.hits(path)).isZero();
    assertThat(status(id)).isEqualTo("cancelled");
  }

  @Test
  void skipsAnUndecodableRecordAndKeepsGoing() throws Exception {
    UUID id = insert(NewJob.get(TARGET.url("/ok")));

    List<RecordMetadata> sent = publish(Publish.garbage(2), Publish.of(id, 1, 2));

    awaitStatus(id, "completed");
    await().atMost(WAIT).until(() -> committedPast(sent.get(1)));
  }

  @Test
  void aSlowJobDoesNotHoldBackTheJobsBehindIt() throws Exception {
    UUID slow = insert(NewJob.get(TARGET.url("/delay/6000")));
    List<UUID> fast = new ArrayList<>();
    List<Publish> records = new ArrayList<>(List.of(Publish.of(slow, 1, 0)));
    for (int i = 0; i < 50; i++) {
      UUID id = insert(NewJob.get(TARGET.url("/status/201")));
      fast.add(id);
      records.add(Publish.of(id, 1, 0));
    }
    long started = System.nanoTime();

    RecordMetadata slowRecord = publish(records.toArray(Publish[]::new)).getFirst();

    await().atMost(WAIT).until(() -> fast.stream().allMatch(id -> "completed".equals(status(id))));
    long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    log.info("50 fast jobs behind a slow one completed in {} ms", elapsedMs);
    assertThat(status(slow)).as("the slow job is still running").isEqualTo("running");
    assertThat(committed(0))
        .as("nothing after the running slow job is committed yet")
        .isLessThanOrEqualTo(slowRecord.offset());

    awaitStatus(slow, "completed");
    await().atMost(WAIT).until(() -> committed(0) >= slowRecord.offset() + 51);
  }

  @Test
  void commitsAnOffsetOnlyOnceTheOutcomeIsDurable() throws Exception {
    UUID id = insert(NewJob.get(TARGET.url("/delay/1200")));
    RecordMetadata sent = publish(Publish.of(id, 1, 1)).getFirst();
    awaitStatus(id, "running");

    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(false);
      try (PreparedStatement ps =
          lock.prepareStatement("SELECT id FROM jobs WHERE id = ? FOR UPDATE")) {
        ps.setObject(1, id);
        ps.executeQuery().close();
      }
      // the fetch finishes after 1.2 s, but its outcome cannot be written while the row is locked
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(6))
          .until(() -> committed(1) <= sent.offset() && "running".equals(status(id)));
      assertThat(TARGET.hits("/delay/1200")).isEqualTo(1);
      lock.rollback();
    }

    awaitStatus(id, "completed");
    await().atMost(WAIT).until(() -> committedPast(sent));
  }

  @Test
  void neverRunsMoreThanTheInFlightLimitAtOnce() throws Exception {
    String path = "/delay/700";
    List<Publish> records = new ArrayList<>();
    List<UUID> ids = new ArrayList<>();
    int jobs = 3 * MAX_IN_FLIGHT;
    for (int i = 0; i < jobs; i++) {
      UUID id = insert(NewJob.get(TARGET.url(path)));
      ids.add(id);
      records.add(Publish.of(id, 1, 0));
    }

    AtomicInteger highest = new AtomicInteger();

    publish(records.toArray(Publish[]::new));

    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> {
              highest.accumulateAndGet(loop.inFlight(), Math::max);
              return ids.stream().allMatch(id -> "completed".equals(status(id)));
            });
    assertThat(highest.get()).as("attempts in flight at once").isEqualTo(MAX_IN_FLIGHT);
    List<Instant> starts =
        TARGET.requests().stream()
            .filter(r -> r.path().equals(path))
            .map(TestTarget.Request::at)
            .sorted()
            .toList();
    assertThat(starts).hasSize(jobs);
    for (Instant start : starts) {
      long concurrent =
          starts.stream()
              .filter(s -> !s.isBefore(start) && s.isBefore(start.plusMillis(650)))
              .count();
      assertThat(concurrent)
          .as("requests started within 650 ms")
          .isLessThanOrEqualTo(MAX_IN_FLIGHT);
    }
    assertThat(Duration.between(starts.getFirst(), starts.getLast()))
        .as("three waves")
        .isGreaterThanOrEqualTo(Duration.ofMillis(1300));
  }

  @Test
  void holdsRecordsUnclaimedWhileAtTheInFlightLimit() throws Exception {
    List<Publish> first = new ArrayList<>();
    for (int i = 0; i < MAX_IN_FLIGHT; i++) {
      first.add(Publish.of(insert(NewJob.get(TARGET.url("/delay/1500"))), 1, i % 3));
    }
    publish(first.toArray(Publish[]::new));
    await().atMost(WAIT).until(() -> loop.inFlight() == MAX_IN_FLIGHT);
    List<UUID> waiting = new ArrayList<>();
    List<Publish> second = new ArrayList<>();
    for (int i = 0; i < MAX_IN_FLIGHT; i++) {
      UUID id = insert(NewJob.get(TARGET.url("/ok")));
      waiting.add(id);
      second.add(Publish.of(id, 1, i % 3));
    }

    publish(second.toArray(Publish[]::new));

    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .until(() -> waiting.stream().allMatch(id -> "queued".equals(status(id))));
    assertThat(meters.get("fetchq.worker.waiting").gauge().value())
        .as("read and held in their host's lane, not claimed")
        .isEqualTo(MAX_IN_FLIGHT);
    await()
        .atMost(WAIT)
        .until(() -> waiting.stream().allMatch(id -> "completed".equals(status(id))));
  }

  @Test
  void finishesRunningAttemptsAndCommitsBeforeGivingUpPartitions() throws Exception {
    UUID slow = insert(NewJob.get(TARGET.url("/delay/1000")));
    RecordMetadata sent = publish(Publish.of(slow, 1, 0)).getFirst();
    awaitStatus(slow, "running");
    List<String> seenByIntruder = new ArrayList<>();

    try (KafkaConsumer<String, byte[]> intruder =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "fetchq-workers",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      intruder.subscribe(List.of(TOPIC));
      await()
          .atMost(WAIT)
          .pollInSameThread()
          .until(
              () -> {
                intruder.poll(Duration.ofMillis(100)).forEach(r -> seenByIntruder.add(r.key()));
                return !intruder.assignment().isEmpty();
              });

      // the worker gave its partitions up only after the running attempt was durable and committed
      assertThat(status(slow)).isEqualTo("completed");
      assertThat(committedPast(sent)).isTrue();
      assertThat(seenByIntruder).doesNotContain(slow.toString());
    }

    UUID after = insert(NewJob.get(TARGET.url("/ok")));
    publish(Publish.of(after, 1, 0));
    awaitStatus(after, "completed");
  }
}
