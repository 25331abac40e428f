package io.fetchq.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.usecase.JobDispatches;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.outbox.messaging.KafkaOutboxPublisher;
import io.fetchq.api.outbox.messaging.OutboxPublishException;
import io.fetchq.api.outbox.persistence.JdbcOutboxStore;
import io.fetchq.api.outbox.usecase.OutboxPublisher;
import io.fetchq.api.outbox.usecase.OutboxRelay;
import io.fetchq.api.outbox.usecase.RelayObserver;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tracing.Tracing;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.kernel.jobs.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

class OutboxRelayIT extends ApiIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelayIT.class);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired private JobDispatches dispatches;
  @Autowired private JobRepository jobs;
  @Autowired private Transactions transactions;
  @Autowired private MeterRegistry meters;

  @Autowired
  @Qualifier("apiOutboxRelay") private OutboxRelay contextRelay;

  @Autowired
  @Qualifier("apiOutboxKafkaTemplate") private KafkaTemplate<String, byte[]> template;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Random random = new Random();
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void restoreTheContextRelay() throws Exception {
    for (AutoCloseable c : cleanup.reversed()) {
      c.close();
    }
    contextRelay.start();
  }

  private UUID submitJob() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/jobs"))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"url\": \"https://example.org/data.json\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return UUID.fromString(json.readTree(response.body()).get("id").asText());
  }

  private FetchJobMessage message(UUID jobId) {
    return FetchJobMessage.firstAttempt(
        UUID.randomUUID(),
        jobId,
        TenantId.SYSTEM.value(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        "example.org");
  }

  private void enqueueCommitted(List<UUID> jobIds) {
    transactions.inTransaction(
        () -> {
          jobIds.forEach(id -> dispatches.enqueue(message(id)));
          return null;
        });
  }

  private static List<UUID> ids(int count) {
    List<UUID> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(UUID.randomUUID());
    }
    return ids;
  }

  private static boolean containsKey(List<ConsumerRecord<String, byte[]>> records, UUID key) {
    return records.stream().anyMatch(r -> r.key().equals(key.toString()));
  }

  private KafkaOutboxPublisher deadPublisher() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 400);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 500);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    DefaultKafkaProducerFactory<String, byte[]> factory =
        new DefaultKafkaProducerFactory<>(
            config, new StringSerializer(), new ByteArraySerializer());
    cleanup.add(factory::destroy);
    return new KafkaOutboxPublisher(
        new KafkaTemplate<>(factory), Duration.ofSeconds(5), Tracing.noop());
  }

  private OutboxRelay testRelay(OutboxPublisher publisher, int batchSize, RelayObserver observer) {
    OutboxRelay relay =
        new OutboxRelay(
            new JdbcOutboxStore(dataSource, json),
            publisher,
            new OutboxRelay.Settings(
                batchSize,
                Duration.ofMillis(50),
                Duration.ofMillis(50),
                Duration.ofMillis(200),
                Duration.ofSeconds(10)),
            observer,
            "test-relay-" + UUID.randomUUID());
    cleanup.add(relay::stop);
    return relay;
  }

  @Test
  void publishesASubmittedJobToTheJobsTopicAndEmptiesTheOutbox() throws Exception {
    try (KafkaConsumer<String, byte[]> consumer = jobsConsumerAtEnd()) {
      UUID jobId = submitJob();

      List<ConsumerRecord<String, byte[]>> records =
          pollUntil(consumer, received -> containsKey(received, jobId), WAIT);

      List<ConsumerRecord<String, byte[]>> forJob =
          records.stream().filter(r -> r.key().equals(jobId.toString())).toList();
      assertThat(forJob).hasSize(1);
      ConsumerRecord<String, byte[]> record = forJob.getFirst();
      FetchJobMessage message = json.readValue(record.value(), FetchJobMessage.class);
      assertThat(message.jobId()).isEqualTo(jobId);
      assertThat(message.tenantId()).isEqualTo(TenantId.SYSTEM.value());
      assertThat(message.attempt()).isEqualTo(1);
      JsonNode raw = json.readTree(record.value());
      assertThat(raw.get("enqueuedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      Header type = record.headers().lastHeader(Topics.TYPE_HEADER);
      assertThat(new String(type.value(), StandardCharsets.UTF_8)).isEqualTo(FetchJobMessage.TYPE);
      await().atMost(WAIT).until(() -> outboxRows() == 0);
    }
  }

  @Test
  void relaysEachCommittedSubmissionWithinMilliseconds() throws Exception {
    int submissions = 200;
    Timer relayLatency = meters.find("fetchq.outbox.relay.latency").timer();
    assertThat(relayLatency).isNotNull();
    long before = relayLatency.count();
    List<Long> endToEndMicros = new ArrayList<>(submissions);
    try (KafkaConsumer<String, byte[]> consumer = jobsConsumerAtEnd()) {
      for (int i = 0; i < submissions; i++) {
        long start = System.nanoTime();
        UUID jobId = submitJob();
        pollUntilKey(consumer, jobId);
        endToEndMicros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
      }
    }
    List<Long> sorted = endToEndMicros.stream().sorted().toList();
    Map<Double, Double> relayPercentilesMs =
        java.util.Arrays.stream(relayLatency.takeSnapshot().percentileValues())
            .collect(
                Collectors.toMap(
                    ValueAtPercentile::percentile, v -> v.value(TimeUnit.MILLISECONDS)));
    String report =
        String.format(
            "outbox relay latency over %d sequential submissions: wake->acked median=%.2f ms"
                + " p99=%.2f ms mean=%.2f ms max=%.2f ms; POST->consumed median=%.2f ms"
                + " p99=%.2f ms",
            submissions,
            relayPercentilesMs.get(0.5),
            relayPercentilesMs.get(0.99),
            relayLatency.mean(TimeUnit.MILLISECONDS),
            relayLatency.max(TimeUnit.MILLISECONDS),
            sorted.get(submissions / 2) / 1000.0,
            sorted.get((int) Math.ceil(submissions * 0.99) - 1) / 1000.0);
    log.info(report);
    System.out.println(report);
    assertThat(relayLatency.count() - before).isGreaterThanOrEqualTo(submissions / 2);
    assertThat(sorted.get(submissions / 2)).as("median POST->consumed, µs").isLessThan(500_000);
  }

  private static void pollUntilKey(KafkaConsumer<String, byte[]> consumer, UUID key) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(1))) {
        if (record.key().equals(key.toString())) {
          return;
        }
      }
    }
    throw new AssertionError("job " + key + " was not published within " + WAIT);
  }

  @Test
  void aRolledBackSubmissionLeavesNeitherRowNorMessage() throws Exception {
    UUID rolledBack = UUID.randomUUID();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Job job =
        Job.accept(
            JobId.newId(now, random),
            TenantId.SYSTEM,
            null,
            new JobRequest(
                "https://example.org/",
                HttpMethod.GET,
                Map.of(),
                null,
                Duration.ofSeconds(10),
                true,
                RetryPolicy.DEFAULT,
                null,
                Map.of()),
            now);
    try (KafkaConsumer<String, byte[]> consumer = jobsConsumerAtEnd()) {
      assertThatThrownBy(
              () ->
                  transactions.inTransaction(
                      () -> {
                        jobs.add(job);
                        dispatches.enqueue(message(rolledBack));
                        dispatches.enqueue(message(job.id().value()));
                        throw new IllegalStateException("fails after enqueue");
                      }))
          .hasMessage("fails after enqueue");

      assertThat(
              jdbc()
                  .sql("SELECT count(*) FROM outbox WHERE message_key IN (?, ?)")
                  .params(rolledBack.toString(), job.id().toString())
                  .query(Long.class)
                  .single())
          .isZero();
      assertThat(jobs.find(TenantId.SYSTEM, job.id())).isEmpty();
      UUID marker = UUID.randomUUID();
      enqueueCommitted(List.of(marker));
      List<ConsumerRecord<String, byte[]>> records =
          pollUntil(consumer, received -> containsKey(received, marker), WAIT);
      assertThat(records)
          .extracting(ConsumerRecord::key)
          .doesNotContain(rolledBack.toString(), job.id().toString());
    }
  }

  @Test
  void refusesToEnqueueOutsideATransaction() {
    assertThatThrownBy(() -> dispatches.enqueue(message(UUID.randomUUID())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transaction");
  }

  @Test
  void keepsTheRowsWhileKafkaIsUnreachableAndPublishesThemOnceItIsBack() throws Exception {
    contextRelay.stop();
    List<UUID> keys = ids(25);
    enqueueCommitted(keys);
    assertThat(outboxRows()).isEqualTo(keys.size());
    assertThat(meters.get("fetchq.outbox.backlog").gauge().value()).isEqualTo(keys.size());
    await().atMost(WAIT).until(() -> meters.get("fetchq.outbox.oldest.age").gauge().value() > 0);

    // A single pass against a dead broker fails and rolls back: every row stays.
    KafkaOutboxPublisher dead = deadPublisher();
    OutboxRelay probe = testRelay(dead, 10, RelayObserver.NONE);
    assertThatThrownBy(probe::relayOnce).isInstanceOf(OutboxPublishException.class);
    assertThat(outboxRows()).isEqualTo(keys.size());

    // The loop backs off and retries while the broker is away, then publishes once it is back.
    AtomicBoolean brokerDown = new AtomicBoolean(true);
    KafkaOutboxPublisher live =
        new KafkaOutboxPublisher(template, Duration.ofSeconds(30), Tracing.noop());
    CountingObserver observer = new CountingObserver();
    OutboxRelay relay =
        testRelay(entries -> (brokerDown.get() ? dead : live).publishAll(entries), 10, observer);
    try (KafkaConsumer<String, byte[]> consumer = jobsConsumerAtEnd()) {
      relay.start();
      relay.wake();
      await().atMost(WAIT).until(() -> observer.failed.get() >= 3);
      assertThat(outboxRows()).isEqualTo(keys.size());
      assertThat(observer.relayed.get()).isZero();

      brokerDown.set(false);

      List<ConsumerRecord<String, byte[]>> records =
          pollUntil(
              consumer, received -> keys.stream().allMatch(k -> containsKey(received, k)), WAIT);
      await().atMost(WAIT).until(() -> outboxRows() == 0);
      Map<String, Long> perKey =
          records.stream()
              .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
      assertThat(perKey.keySet())
          .containsAll(keys.stream().map(UUID::toString).collect(Collectors.toSet()));
      assertThat(observer.relayed.get()).isEqualTo(keys.size());
      assertThat(meters.get("fetchq.outbox.oldest.age").gauge().value()).isZero();
    }
  }

  @Test
  void twoRelaysShareTheBacklogWithoutPublishingAnyRowTwice() throws Exception {
    contextRelay.stop();
    KafkaOutboxPublisher live =
        new KafkaOutboxPublisher(template, Duration.ofSeconds(30), Tracing.noop());
    CountingObserver first = new CountingObserver();
    CountingObserver second = new CountingObserver();
    OutboxRelay relayA = testRelay(live, 50, first);
    OutboxRelay relayB = testRelay(live, 50, second);
    List<UUID> keys = ids(2_000);
    Set<String> expected = keys.stream().map(UUID::toString).collect(Collectors.toSet());
    try (KafkaConsumer<String, byte[]> consumer = jobsConsumerAtEnd()) {
      enqueueCommitted(keys);
      relayA.start();
      relayB.start();
      relayA.wake();
      relayB.wake();

      await().atMost(WAIT).until(() -> outboxRows() == 0);
      List<ConsumerRecord<String, byte[]>> records =
          pollUntil(
              consumer,
              received ->
                  received.stream()
                      .map(ConsumerRecord::key)
                      .collect(Collectors.toSet())
                      .containsAll(expected),
              WAIT);

      Map<String, Long> perKey =
          records.stream()
              .filter(r -> expected.contains(r.key()))
              .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
      assertThat(perKey).hasSize(keys.size());
      assertThat(perKey.values()).allMatch(count -> count == 1);
      assertThat(first.relayed.get() + second.relayed.get()).isEqualTo(keys.size());
      assertThat(first.relayed.get()).isPositive();
      assertThat(second.relayed.get()).isPositive();
      log.info(
          "two relays shared 2000 rows: first={} second={}",
          first.relayed.get(),
          second.relayed.get());
    }
  }

  /** Counts what a relay reports. */
  private static final class CountingObserver implements RelayObserver {
    final AtomicInteger relayed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    @Override
    public void batchRelayed(int size, Duration took) {
      relayed.addAndGet(size);
    }

    @Override
    public void batchFailed(Duration took) {
      failed.incrementAndGet();
    }

    @Override
    public void wokenToAcked(Duration latency) {}
  }
}
