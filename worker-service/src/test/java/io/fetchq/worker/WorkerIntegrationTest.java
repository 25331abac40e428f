package io.fetchq.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.kernel.destinations.UrlHost;
import io.fetchq.testsupport.TestDatabase;
import io.fetchq.testsupport.TestTarget;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context of the worker's integration tests: a fresh PostgreSQL database with the
 * changelog applied (Boot's Liquibase support, test classpath only), an in-process KRaft broker, a
 * local target, and a deliberately small in-flight limit and body cap. Its per-host limit equals
 * the in-flight limit and its breakers practically never open, so that tests aimed at other
 * behaviour (many deliberate failures against {@code 127.0.0.1}) are not deferred; {@link
 * PolitenessIntegrationTest} has the politeness settings. Webhook deliveries time out after 1 s and
 * are retried three times, 200 ms apart.
 */
@SpringBootTest(
    classes = WorkerServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      "spring.liquibase.change-log=classpath:db/changelog/db.changelog-master.yaml",
      "fetchq.kafka.partitions=3",
      "fetchq.destinations.allowed-cidrs=127.0.0.0/8",
      "fetchq.worker.max-in-flight=" + WorkerIntegrationTest.MAX_IN_FLIGHT,
      // above max-in-flight: one host is never at its limit, so nothing is claimed ahead of its
      // slot and these tests see the global limit alone (PolitenessIntegrationTest sees both)
      "fetchq.worker.max-per-host=" + (WorkerIntegrationTest.MAX_IN_FLIGHT + 1),
      "fetchq.worker.result-body-max-bytes=" + WorkerIntegrationTest.BODY_CAP,
      "fetchq.worker.shutdown-grace=5s",
      "fetchq.worker.consumer.commit-interval=20ms",
      "fetchq.worker.breaker.failure-rate-threshold=100",
      "fetchq.worker.breaker.sliding-window-size=10000",
      "fetchq.worker.breaker.minimum-calls=10000",
      "fetchq.webhooks.retry-schedule=" + WorkerIntegrationTest.WEBHOOK_RETRY_SCHEDULE,
      "fetchq.worker.callbacks.timeout=1s",
      "fetchq.worker.callbacks.max-per-destination=" + WorkerIntegrationTest.MAX_PER_DESTINATION,
      // one record may wait for its destination; the next one of a busy destination is handed back
      "fetchq.worker.callbacks.max-waiting=1",
      "fetchq.worker.callbacks.defer-delay=200ms",
      "fetchq.worker.callbacks.poll-interval=50ms",
      "fetchq.worker.callbacks.shutdown-grace=5s"
    })
@EmbeddedKafka(kraft = true, count = 1)
public abstract class WorkerIntegrationTest {

  protected static final int MAX_IN_FLIGHT = 32;
  protected static final int BODY_CAP = 1024;
  protected static final String WEBHOOK_RETRY_SCHEDULE = "200ms,200ms,200ms";
  protected static final int MAX_PER_DESTINATION = 2;
  static final String GROUP = "fetchq-workers";
  protected static final UUID SYSTEM_TENANT =
      UUID.fromString("00000000-0000-0000-0000-000000000001");

  static final TestDatabase DB = TestDatabase.create("worker");
  protected static final TestTarget TARGET = TestTarget.start();
  protected static final String PREFIX =
      "t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + ".";
  protected static final String TOPIC = Topics.name(PREFIX, Topics.JOBS);

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DB::jdbcUrl);
    registry.add("spring.datasource.username", DB::username);
    registry.add("spring.datasource.password", DB::password);
    registry.add("fetchq.kafka.topic-prefix", () -> PREFIX);
  }

  @Autowired protected DataSource dataSource;
  @Autowired protected ObjectMapper json;
  @Autowired protected EmbeddedKafkaBroker broker;

  protected JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource);
  }

  /** A job row as the API would insert it. */
  public record NewJob(
      String status,
      int attempts,
      String method,
      String url,
      Map<String, String> headers,
      byte[] body,
      int timeoutMs,
      int maxAttempts,
      long initialDelayMs,
      int generation) {

    public NewJob(
        String status,
        int attempts,
        String method,
        String url,
        Map<String, String> headers,
        byte[] body,
        int timeoutMs) {
      this(status, attempts, method, url, headers, body, timeoutMs, 5, 1000, 0);
    }

    public static NewJob get(String url) {
      return new NewJob("queued", 0, "GET", url, Map.of(), null, 10_000);
    }

    public NewJob withStatus(String newStatus, int newAttempts) {
      return new NewJob(
          newStatus,
          newAttempts,
          method,
          url,
          headers,
          body,
          timeoutMs,
          maxAttempts,
          initialDelayMs,
          generation);
    }

    public NewJob withTimeout(int newTimeoutMs) {
      return new NewJob(
          status,
          attempts,
          method,
          url,
          headers,
          body,
          newTimeoutMs,
          maxAttempts,
          initialDelayMs,
          generation);
    }

    public NewJob withRetry(int newMaxAttempts, long newInitialDelayMs) {
      return new NewJob(
          status,
          attempts,
          method,
          url,
          headers,
          body,
          timeoutMs,
          newMaxAttempts,
          newInitialDelayMs,
          generation);
    }

    public NewJob withGeneration(int newGeneration) {
      return new NewJob(
          status,
          attempts,
          method,
          url,
          headers,
          body,
          timeoutMs,
          maxAttempts,
          initialDelayMs,
          newGeneration);
    }
  }

  protected UUID insert(NewJob job) throws Exception {
    UUID id = UUID.randomUUID();
    jdbc()
        .update(
            """
            INSERT INTO jobs (id, tenant_id, status, method, url, request_headers, request_body,
                              timeout_ms, follow_redirects, max_attempts, retry_initial_delay_ms,
                              retry_multiplier, retry_max_delay_ms, attempts, generation,
                              created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, false, ?, ?, 2.0, 300000, ?, ?, now(), now())
            """,
            id,
            SYSTEM_TENANT,
            job.status(),
            job.method(),
            job.url(),
            json.writeValueAsString(job.headers()),
            job.body(),
            job.timeoutMs(),
            job.maxAttempts(),
            job.initialDelayMs(),
            job.attempts(),
            job.generation());
    return id;
  }

  /** One record to publish; {@code partition} null = by key. */
  public record Publish(
      UUID jobId,
      int attempt,
      Integer partition,
      byte[] rawValue,
      int generation,
      Instant notBefore) {

    public static Publish of(UUID jobId) {
      return new Publish(jobId, 1, null, null, 0, null);
    }

    public static Publish of(UUID jobId, int attempt, Integer partition) {
      return new Publish(jobId, attempt, partition, null, 0, null);
    }

    public static Publish garbage(int partition) {
      return new Publish(
          UUID.randomUUID(), 1, partition, "not json".getBytes(StandardCharsets.UTF_8), 0, null);
    }

    public Publish generation(int newGeneration) {
      return new Publish(jobId, attempt, partition, rawValue, newGeneration, notBefore);
    }

    public Publish notBefore(Instant newNotBefore) {
      return new Publish(jobId, attempt, partition, rawValue, generation, newNotBefore);
    }
  }

  /** The politeness key the API would put on the job's messages; null when the row is missing. */
  private String hostOf(UUID jobId) {
    List<String> urls =
        jdbc().queryForList("SELECT url FROM jobs WHERE id = ?", String.class, jobId);
    return urls.isEmpty() ? null : UrlHost.key(urls.getFirst());
  }

  protected List<RecordMetadata> publish(Publish... records) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.getBrokersAsString(),
            ProducerConfig.LINGER_MS_CONFIG,
            0,
            // Tests publish right after the context started, while the broker may still be creating
            // the topic's partitions locally. An idempotent producer whose first attempt was
            // appended but answered with an error then retries into OutOfOrderSequenceException
            // for good (seen in CI). Without idempotence the retry can at worst duplicate a
            // record, which the worker's guarded claim treats as stale.
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            false,
            ProducerConfig.ACKS_CONFIG,
            "all");
    List<RecordMetadata> sent = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      List<java.util.concurrent.Future<RecordMetadata>> futures = new ArrayList<>();
      for (Publish p : records) {
        byte[] value =
            p.rawValue() != null
                ? p.rawValue()
                : json.writeValueAsBytes(
                    new FetchJobMessage(
                        UUID.randomUUID(),
                        p.jobId(),
                        SYSTEM_TENANT,
                        p.attempt(),
                        Instant.now(),
                        p.generation(),
                        p.notBefore(),
                        hostOf(p.jobId())));
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>(TOPIC, p.partition(), p.jobId().toString(), value);
        record
            .headers()
            .add(Topics.TYPE_HEADER, FetchJobMessage.TYPE.getBytes(StandardCharsets.UTF_8));
        futures.add(producer.send(record));
      }
      for (var future : futures) {
        sent.add(future.get(30, TimeUnit.SECONDS));
      }
    }
    return sent;
  }

  protected String status(UUID id) {
    return jdbc().queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, id);
  }

  protected Map<String, Object> job(UUID id) {
    return jdbc().queryForMap("SELECT * FROM jobs WHERE id = ?", id);
  }

  protected Map<String, Object> result(UUID id) {
    return jdbc()
        .queryForMap(
            "SELECT status_code, headers::text AS headers, body, body_truncated, body_size,"
                + " duration_ms, fetched_at FROM job_results WHERE job_id = ?",
            id);
  }

  protected int results(UUID id) {
    return jdbc()
        .queryForObject("SELECT count(*) FROM job_results WHERE job_id = ?", Integer.class, id);
  }

  /** The group's committed offset for a partition of the jobs topic, -1 when none. */
  protected long committed(int partition) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(GROUP)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      OffsetAndMetadata offset = offsets.get(new TopicPartition(TOPIC, partition));
      return offset == null ? -1 : offset.offset();
    }
  }

  /** Whether the record at {@code metadata} is behind the group's committed offset. */
  protected boolean committedPast(RecordMetadata metadata) throws Exception {
    return committed(metadata.partition()) > metadata.offset();
  }
}
