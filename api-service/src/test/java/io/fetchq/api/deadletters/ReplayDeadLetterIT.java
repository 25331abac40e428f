package io.fetchq.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.deadletters.domain.DeadLetter;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.deadletters.domain.DeadLetterState;
import io.fetchq.api.deadletters.usecase.DeadLetterRepository;
import io.fetchq.api.deadletters.usecase.ReplayDeadLetter;
import io.fetchq.api.deadletters.usecase.ReplayDeadLetterCommand;
import io.fetchq.api.deadletters.usecase.ReplayOutcome;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.usecase.JobDispatches;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Dead-letter replay against PostgreSQL and Kafka: a failed job and its entry (written by SQL, as a
 * worker would) are replayed; the job's next generation is published to the jobs topic.
 */
class ReplayDeadLetterIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Instant FAILED_AT = Instant.parse("2026-11-22T10:05:00Z");

  @Autowired private ReplayDeadLetter replayDeadLetter;
  @Autowired private DeadLetterRepository deadLetters;
  @Autowired private JobRepository jobs;
  @Autowired private JobDispatches dispatches;
  @Autowired private Transactions transactions;

  private final Random random = new Random();

  @Test
  void replaysAFailedJobIntoItsNextGenerationAndPublishesItsFirstAttempt() throws Exception {
    Job job = addFailedJob(TenantId.SYSTEM);
    DeadLetterId entry = insertDeadLetter(job, TenantId.SYSTEM);

    try (KafkaConsumer<String, byte[]> consumer = jobsConsumerAtEnd()) {
      ReplayOutcome outcome = replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(entry));

      assertThat(outcome).isInstanceOf(ReplayOutcome.Replayed.class);
      Map<String, Object> row =
          jdbc()
              .sql(
                  "SELECT status, attempts, generation, next_attempt_at, last_error_type,"
                      + " last_error_message, completed_at FROM jobs WHERE id = ?")
              .param(job.id().value())
              .query()
              .singleRow();
      assertThat(row)
          .containsEntry("status", "queued")
          .containsEntry("attempts", 0)
          .containsEntry("generation", 1);
      assertThat(row.get("next_attempt_at")).isNull();
      assertThat(row.get("last_error_type")).isNull();
      assertThat(row.get("last_error_message")).isNull();
      assertThat(row.get("completed_at")).isNull();
      assertThat(count("SELECT count(*) FROM job_results WHERE job_id = ?", job.id().value()))
          .isZero();
      Map<String, Object> stored =
          jdbc()
              .sql("SELECT state, replay_count, last_replayed_at FROM dead_letters WHERE id = ?")
              .param(entry.value())
              .query()
              .singleRow();
      assertThat(stored).containsEntry("state", "replayed").containsEntry("replay_count", 1);
      assertThat(stored.get("last_replayed_at")).isNotNull();

      List<ConsumerRecord<String, byte[]>> records =
          pollUntil(consumer, received -> containsKey(received, job.id().value()), WAIT);
      List<ConsumerRecord<String, byte[]>> forJob = recordsFor(records, job.id().value());
      assertThat(forJob).hasSize(1);
      FetchJobMessage message = json.readValue(forJob.getFirst().value(), FetchJobMessage.class);
      assertThat(message.jobId()).isEqualTo(job.id().value());
      assertThat(message.tenantId()).isEqualTo(TenantId.SYSTEM.value());
      assertThat(message.generation()).isEqualTo(1);
      assertThat(message.attempt()).isEqualTo(1);
      assertThat(message.notBefore()).isNull();
      assertThat(
              new String(
                  forJob.getFirst().headers().lastHeader(Topics.TYPE_HEADER).value(),
                  StandardCharsets.UTF_8))
          .isEqualTo(FetchJobMessage.TYPE);
      Job replayed = jobs.find(TenantId.SYSTEM, job.id()).orElseThrow();
      assertThat(replayed.status()).isEqualTo(JobStatus.QUEUED);
      assertThat(replayed.generation()).isEqualTo(1);
      assertThat(replayed.result()).isNull();
    }
  }

  @Test
  void replayingAgainIsRefusedAndEnqueuesNothing() throws Exception {
    Job job = addFailedJob(TenantId.SYSTEM);
    DeadLetterId entry = insertDeadLetter(job, TenantId.SYSTEM);

    try (KafkaConsumer<String, byte[]> consumer = jobsConsumerAtEnd()) {
      assertThat(replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(entry)))
          .isInstanceOf(ReplayOutcome.Replayed.class);
      pollUntil(consumer, received -> containsKey(received, job.id().value()), WAIT);

      ReplayOutcome again = replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(entry));

      assertThat(again).isInstanceOf(ReplayOutcome.NotReplayable.class);
      assertThat(
              jdbc()
                  .sql("SELECT replay_count FROM dead_letters WHERE id = ?")
                  .param(entry.value())
                  .query(Integer.class)
                  .single())
          .isEqualTo(1);
      assertThat(jobs.find(TenantId.SYSTEM, job.id()).orElseThrow().generation()).isEqualTo(1);
      UUID marker = UUID.randomUUID();
      transactions.inTransaction(
          () -> {
            dispatches.enqueue(
                FetchJobMessage.firstAttempt(
                    UUID.randomUUID(),
                    marker,
                    TenantId.SYSTEM.value(),
                    Instant.now(),
                    "example.org"));
            return null;
          });
      List<ConsumerRecord<String, byte[]>> records =
          pollUntil(consumer, received -> containsKey(received, marker), WAIT);
      assertThat(recordsFor(records, job.id().value())).isEmpty();
    }
  }

  @Test
  void refusesAnEntryWhoseJobIsNotFailed() {
    Job job = addFailedJob(TenantId.SYSTEM);
    DeadLetterId entry = insertDeadLetter(job, TenantId.SYSTEM);
    jdbc()
        .sql("UPDATE jobs SET status = 'completed' WHERE id = ?")
        .param(job.id().value())
        .update();

    ReplayOutcome outcome = replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(entry));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ReplayOutcome.NotReplayable.class,
            refused -> assertThat(refused.reason()).contains("completed"));
    assertThat(deadLetters.find(entry).orElseThrow().state()).isEqualTo(DeadLetterState.DEAD);
    Job unchanged = jobs.find(TenantId.SYSTEM, job.id()).orElseThrow();
    assertThat(unchanged.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(unchanged.generation()).isZero();
  }

  @Test
  void answersNotFoundForAMissingEntryOrAnotherTenantsEntry() {
    Job job = addFailedJob(TenantId.SYSTEM);
    DeadLetterId entry = insertDeadLetter(job, TenantId.SYSTEM);

    DeadLetterId missing = new DeadLetterId(UUID.randomUUID());
    assertThat(replayDeadLetter.replay(ReplayDeadLetterCommand.anyTenant(missing)))
        .isEqualTo(new ReplayOutcome.NotFound(missing));
    assertThat(
            replayDeadLetter.replay(
                ReplayDeadLetterCommand.ofTenant(new TenantId(UUID.randomUUID()), entry)))
        .isEqualTo(new ReplayOutcome.NotFound(entry));
    assertThat(deadLetters.find(entry).orElseThrow().state()).isEqualTo(DeadLetterState.DEAD);
  }

  @Test
  void storesAndFindsEntriesScopedByTenant() {
    Job job = addFailedJob(TenantId.SYSTEM);
    DeadLetter entry =
        new DeadLetter(
            new DeadLetterId(UUID.randomUUID()),
            job.id(),
            TenantId.SYSTEM,
            "https://Example.org:8443/data?q=1",
            "example.org",
            FAILED_AT,
            3,
            new JobError("tls", "certificate expired"),
            DeadLetterState.DEAD,
            0,
            null);

    transactions.inTransaction(
        () -> {
          deadLetters.save(entry);
          return null;
        });

    assertThat(deadLetters.find(entry.id())).contains(entry);
    assertThat(deadLetters.find(TenantId.SYSTEM, entry.id())).contains(entry);
    assertThat(deadLetters.find(new TenantId(UUID.randomUUID()), entry.id())).isEmpty();
    DeadLetter replayed = entry.replayed(FAILED_AT.plusSeconds(60));
    transactions.inTransaction(
        () -> {
          assertThat(deadLetters.lock(entry.id())).contains(entry);
          deadLetters.save(replayed);
          return null;
        });
    assertThat(deadLetters.find(entry.id())).contains(replayed);
  }

  private Job addFailedJob(TenantId tenant) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Job job =
        Job.accept(
            JobId.newId(now, random),
            tenant,
            null,
            new JobRequest(
                "https://example.org/data",
                HttpMethod.GET,
                Map.of(),
                null,
                Duration.ofSeconds(10),
                true,
                new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)),
                null,
                Map.of()),
            now);
    transactions.inTransaction(
        () -> {
          jobs.add(job);
          return null;
        });
    jdbc()
        .sql(
            "UPDATE jobs SET status = 'failed', attempts = 3, last_error_type = 'http_status',"
                + " last_error_message = 'target answered 503', completed_at = ?, updated_at = ?"
                + " WHERE id = ?")
        .params(Timestamp.from(FAILED_AT), Timestamp.from(FAILED_AT), job.id().value())
        .update();
    jdbc()
        .sql(
            """
            INSERT INTO job_results (job_id, status_code, headers, body, body_truncated, duration_ms,
                                     fetched_at)
            VALUES (?, 503, '{}'::jsonb, ?, false, 12, ?)
            """)
        .params(job.id().value(), new byte[] {1}, Timestamp.from(FAILED_AT))
        .update();
    jdbc()
        .sql(
            """
            INSERT INTO job_attempts (job_id, generation, attempt, started_at, duration_ms, outcome,
                                      status_code, error_type, error_message)
            VALUES (?, 0, 3, ?, 12, 'failed', 503, 'http_status', 'target answered 503')
            """)
        .params(job.id().value(), Timestamp.from(FAILED_AT))
        .update();
    return job;
  }

  private DeadLetterId insertDeadLetter(Job job, TenantId tenant) {
    DeadLetterId id = new DeadLetterId(UUID.randomUUID());
    jdbc()
        .sql(
            """
            INSERT INTO dead_letters (id, job_id, tenant_id, url, host, failed_at, attempts,
                                      last_error_type, last_error_message)
            VALUES (?, ?, ?, 'https://example.org/data', 'example.org', ?, 3, 'http_status',
                    'target answered 503')
            """)
        .params(id.value(), job.id().value(), tenant.value(), Timestamp.from(FAILED_AT))
        .update();
    return id;
  }

  private long count(String sql, Object param) {
    return jdbc().sql(sql).param(param).query(Long.class).single();
  }

  private static boolean containsKey(List<ConsumerRecord<String, byte[]>> records, UUID key) {
    return records.stream().anyMatch(r -> r.key().equals(key.toString()));
  }

  private static List<ConsumerRecord<String, byte[]>> recordsFor(
      List<ConsumerRecord<String, byte[]>> records, UUID key) {
    return records.stream().filter(r -> r.key().equals(key.toString())).toList();
  }
}
