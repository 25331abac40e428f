package io.fetchq.worker.fetch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.contracts.Topics;
import io.fetchq.contracts.jobs.v1.DeadLetterMessage;
import io.fetchq.testsupport.TestTarget;
import io.fetchq.worker.WorkerIntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RetryPipelineIT extends WorkerIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(RetryPipelineIT.class);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String DEAD_LETTERS = Topics.name(PREFIX, Topics.DEAD_LETTERS);

  private static String failing(int times) {
    return "/fail-times/" + times + "/" + UUID.randomUUID();
  }

  private void awaitStatus(UUID id, String expected) {
    await().atMost(WAIT).until(() -> expected.equals(status(id)));
  }

  private List<Map<String, Object>> attempts(UUID id) {
    return jdbc()
        .queryForList(
            "SELECT * FROM job_attempts WHERE job_id = ? ORDER BY generation, attempt", id);
  }

  private List<Instant> requestTimes(String path) {
    return TARGET.requests().stream()
        .filter(r -> r.path().equals(path))
        .map(TestTarget.Request::at)
        .sorted()
        .toList();
  }

  /** The dead-letter message published for {@code jobId}, once it is there. */
  private DeadLetterMessage awaitDeadLetter(UUID jobId) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(DEAD_LETTERS).stream()
              .map(p -> new TopicPartition(DEAD_LETTERS, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<DeadLetterMessage> found = new ArrayList<>();
      await()
          .atMost(WAIT)
          .pollInSameThread()
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> record :
                    consumer.poll(Duration.ofMillis(100))) {
                  if (record.key().equals(jobId.toString())) {
                    assertThat(
                            new String(
                                record.headers().lastHeader(Topics.TYPE_HEADER).value(),
                                java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(DeadLetterMessage.TYPE);
                    found.add(json.readValue(record.value(), DeadLetterMessage.class));
                  }
                }
                return !found.isEmpty();
              });
      return found.getFirst();
    }
  }

  @Test
  void retriesOn503ThenCompletes() throws Exception {
    String path = failing(1);
    UUID id = insert(NewJob.get(TARGET.url(path)).withRetry(3, 100));

    publish(Publish.of(id));

    awaitStatus(id, "completed");
    Map<String, Object> job = job(id);
    assertThat(job.get("attempts")).isEqualTo(2);
    assertThat(job.get("last_error_type")).isNull();
    assertThat(job.get("next_attempt_at")).isNull();
    assertThat(result(id).get("status_code")).isEqualTo(200);
    List<Map<String, Object>> attempts = attempts(id);
    assertThat(attempts).extracting(a -> a.get("attempt")).containsExactly(1, 2);
    assertThat(attempts)
        .extracting(a -> a.get("outcome"))
        .containsExactly("retryable_error", "completed");
    assertThat(attempts).extracting(a -> a.get("status_code")).containsExactly(503, 200);
    assertThat(attempts.get(0).get("due_at")).isNull();
    Instant due = ((Timestamp) attempts.get(1).get("due_at")).toInstant();
    Instant started = ((Timestamp) attempts.get(1).get("started_at")).toInstant();
    assertThat(started).isAfterOrEqualTo(due);
    assertThat(TARGET.hits(path)).isEqualTo(2);
  }

  @Test
  void deadLettersAfterLastAttempt() throws Exception {
    String path = failing(1_000);
    UUID id = insert(NewJob.get(TARGET.url(path)).withRetry(3, 100));

    publish(Publish.of(id));

    awaitStatus(id, "failed");
    Map<String, Object> job = job(id);
    assertThat(job.get("attempts")).isEqualTo(3);
    assertThat(job.get("last_error_type")).isEqualTo("http_status");
    assertThat((String) job.get("last_error_message")).startsWith("HTTP 503");
    assertThat(job.get("completed_at")).isNotNull();
    assertThat(result(id).get("status_code")).as("the last response is kept").isEqualTo(503);
    assertThat(attempts(id))
        .extracting(a -> a.get("outcome"))
        .containsExactly("retryable_error", "retryable_error", "failed");
    Map<String, Object> dead =
        jdbc().queryForMap("SELECT * FROM dead_letters WHERE job_id = ?", id);
    assertThat(dead.get("attempts")).isEqualTo(3);
    assertThat(dead.get("host")).isEqualTo("127.0.0.1");
    assertThat(dead.get("last_error_type")).isEqualTo("http_status");

    DeadLetterMessage message = awaitDeadLetter(id);
    assertThat(message.attempts()).hasSize(3);
    assertThat(message.attempts()).extracting(a -> a.statusCode()).containsExactly(503, 503, 503);
    assertThat(message.lastErrorType()).isEqualTo("http_status");
    assertThat(message.url()).isEqualTo(TARGET.url(path));
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> TARGET.hits(path) == 3);
  }

  @Test
  void failsANonRetryableErrorAtOnce() throws Exception {
    UUID id = insert(NewJob.get("http://169.254.169.254/latest/meta-data/").withRetry(5, 100));

    publish(Publish.of(id));

    awaitStatus(id, "failed");
    assertThat(job(id).get("attempts")).isEqualTo(1);
    assertThat(job(id).get("last_error_type")).isEqualTo("destination_refused");
    assertThat(attempts(id))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("outcome")).isEqualTo("failed");
              assertThat(a.get("error_type")).isEqualTo("destination_refused");
            });
    assertThat(results(id)).isZero();
    assertThat(
            jdbc()
                .queryForObject("SELECT host FROM dead_letters WHERE job_id = ?", String.class, id))
        .isEqualTo("169.254.169.254");
    DeadLetterMessage message = awaitDeadLetter(id);
    assertThat(message.attempts()).hasSize(1);
    assertThat(message.lastErrorType()).isEqualTo("destination_refused");
  }

  @Test
  void honoursRetryAfter() throws Exception {
    String path = failing(1);
    UUID id = insert(NewJob.get(TARGET.url(path + "?retryAfter=2")).withRetry(3, 100));

    publish(Publish.of(id));

    awaitStatus(id, "completed");
    List<Instant> requests = requestTimes(path);
    assertThat(requests).hasSize(2);
    assertThat(Duration.between(requests.get(0), requests.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2))
        .isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void republishesAMissingRetryWhenTheRecordedAttemptIsRedelivered() throws Exception {
    String path = failing(0);
    UUID id = insert(NewJob.get(TARGET.url(path)).withStatus("retrying", 1));
    Instant due = Instant.now().plusMillis(300);
    jdbc().update("UPDATE jobs SET next_attempt_at = ? WHERE id = ?", Timestamp.from(due), id);

    // the worker that recorded attempt 1 died before publishing attempt 2: attempt 1 comes again
    publish(Publish.of(id));

    awaitStatus(id, "completed");
    assertThat(job(id).get("attempts")).isEqualTo(2);
    assertThat(TARGET.hits(path)).isEqualTo(1);
    Instant started = ((Timestamp) attempts(id).getFirst().get("started_at")).toInstant();
    assertThat(started).isAfterOrEqualTo(due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  @Test
  void republishesAMissingDeadLetterWhenTheRecordedAttemptIsRedelivered() throws Exception {
    UUID id = insert(NewJob.get(TARGET.url(failing(0))).withStatus("failed", 1));
    jdbc()
        .update(
            "UPDATE jobs SET completed_at = now(), last_error_type = 'tls',"
                + " last_error_message = 'TLS failure' WHERE id = ?",
            id);
    jdbc()
        .update(
            "INSERT INTO job_attempts (job_id, generation, attempt, started_at, duration_ms,"
                + " outcome, error_type, error_message)"
                + " VALUES (?, 0, 1, now(), 12, 'failed', 'tls', 'TLS failure')",
            id);

    publish(Publish.of(id));

    DeadLetterMessage message = awaitDeadLetter(id);
    assertThat(message.lastErrorType()).isEqualTo("tls");
    assertThat(message.attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.errorType()).isEqualTo("tls"));
    assertThat(status(id)).isEqualTo("failed");
  }

  @Test
  void neverClaimsAMessageOfAnOlderGeneration() throws Exception {
    String path = failing(0);
    UUID id = insert(NewJob.get(TARGET.url(path)).withGeneration(1));

    RecordMetadata sent = publish(Publish.of(id)).getFirst();

    await().atMost(WAIT).until(() -> committedPast(sent));
    assertThat(TARGET.hits(path)).isZero();
    assertThat(status(id)).isEqualTo("queued");

    publish(Publish.of(id).generation(1));
    awaitStatus(id, "completed");
  }

  @Test
  void handsAnEarlyMessageBackToARetryTierUntilItIsDue() throws Exception {
    String path = failing(0);
    UUID id = insert(NewJob.get(TARGET.url(path)));
    Instant due = Instant.now().plusMillis(1_500);

    RecordMetadata sent = publish(Publish.of(id).notBefore(due)).getFirst();

    await().atMost(WAIT).until(() -> committedPast(sent));
    assertThat(TARGET.hits(path)).as("not fetched before it is due").isZero();
    awaitStatus(id, "completed");
    Instant started = ((Timestamp) attempts(id).getFirst().get("started_at")).toInstant();
    assertThat(started).isAfterOrEqualTo(due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(requestTimes(path).getFirst()).isAfterOrEqualTo(due);
  }

  @Test
  void retriesFireOnTimeWithManyJobs() throws Exception {
    int jobs = 300;
    List<UUID> ids = new ArrayList<>();
    List<Publish> records = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      UUID id = insert(NewJob.get(TARGET.url(failing(1))).withRetry(3, 1_000));
      ids.add(id);
      records.add(Publish.of(id));
    }

    publish(records.toArray(Publish[]::new));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                jdbc()
                        .queryForObject(
                            "SELECT count(*) FROM jobs WHERE id = ANY(?::uuid[])"
                                + " AND status = 'completed'",
                            Integer.class,
                            (Object) ids.stream().map(UUID::toString).toArray(String[]::new))
                    == jobs);
    List<Long> lateness =
        jdbc()
            .queryForList(
                "SELECT (extract(epoch FROM started_at - due_at) * 1000)::bigint"
                    + " FROM job_attempts WHERE job_id = ANY(?::uuid[]) AND attempt = 2"
                    + " ORDER BY 1",
                Long.class,
                (Object) ids.stream().map(UUID::toString).toArray(String[]::new));
    assertThat(lateness).hasSize(jobs);
    long p50 = lateness.get(jobs / 2);
    long p99 = lateness.get((int) Math.ceil(jobs * 0.99) - 1);
    long max = lateness.getLast();
    log.info(
        "retry lateness over {} retries: p50={} ms p99={} ms max={} ms min={} ms",
        jobs,
        p50,
        p99,
        max,
        lateness.getFirst());
    System.out.printf(
        "RETRY LATENESS jobs=%d p50=%dms p99=%dms max=%dms min=%dms%n",
        jobs, p50, p99, max, lateness.getFirst());
    assertThat(lateness.getFirst())
        .as("no retry starts before it is due")
        .isGreaterThanOrEqualTo(0);
    assertThat(max).as("every retry starts within 1 s of its due time").isLessThan(1_000);
    Optional<Long> early = lateness.stream().filter(l -> l < 0).findAny();
    assertThat(early).isEmpty();
  }
}
