package io.fetchq.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.Topics;
import io.fetchq.testsupport.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context of the API's integration tests: the whole application on a random port, a
 * fresh PostgreSQL database (Liquibase applies the changelog, Hibernate validates against it), an
 * in-process KRaft broker, a unique topic prefix, the bootstrap admin key {@value #ADMIN_KEY}, and
 * the local Redis. Every {@code *IT} extends this class so the context is built once.
 */
@SpringBootTest(
    classes = ApiServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      "fetchq.kafka.partitions=3",
      "fetchq.api.bootstrap-admin-key=" + ApiIntegrationTest.ADMIN_KEY,
      "fetchq.api.outbox.backlog-refresh=0s",
      // The bootstrap key's tenant is not what the rate-limit tests exercise; keep it unthrottled.
      "fetchq.api.rate-limit.system-tenant.per-second=100000",
      "fetchq.api.rate-limit.system-tenant.burst=1000000",
      // Status streams: a departed client is noticed at the next keep-alive; no periodic re-read,
      // so an event that arrives proves the notification (or the resync) path.
      "fetchq.api.streams.heartbeat=300ms",
      "fetchq.api.streams.fallback-interval=1h"
    })
@EmbeddedKafka(kraft = true, count = 1)
public abstract class ApiIntegrationTest {

  /** The bootstrap admin key of the {@code system} tenant. */
  protected static final String ADMIN_KEY = "test-admin-key";

  private static final TestDatabase DB = TestDatabase.create("api");

  /** Prefix of every topic of this run. */
  protected static final String PREFIX =
      "t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + ".";

  /** Prefix of this run's rate-limit buckets in the shared local Redis. */
  protected static final String RATE_LIMIT_PREFIX = "it:" + PREFIX;

  /** The jobs topic of this run. */
  protected static final String JOBS_TOPIC = Topics.name(PREFIX, Topics.JOBS);

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DB::jdbcUrl);
    registry.add("spring.datasource.username", DB::username);
    registry.add("spring.datasource.password", DB::password);
    registry.add("fetchq.kafka.topic-prefix", () -> PREFIX);
    registry.add("fetchq.api.rate-limit.key-prefix", () -> RATE_LIMIT_PREFIX);
  }

  @LocalServerPort protected int port;
  @Autowired protected DataSource dataSource;
  @Autowired protected ObjectMapper json;
  @Autowired protected EmbeddedKafkaBroker broker;

  protected JdbcClient jdbc() {
    return JdbcClient.create(dataSource);
  }

  protected String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  protected long outboxRows() {
    return jdbc().sql("SELECT count(*) FROM outbox").query(Long.class).single();
  }

  /**
   * A consumer without a group, assigned every partition of the jobs topic and positioned at its
   * end: it sees only what is published from now on.
   */
  protected KafkaConsumer<String, byte[]> jobsConsumerAtEnd() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(JOBS_TOPIC, Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  /**
   * Polls until {@code done} holds for the records received so far, then reads on to the end of
   * every partition, so a record published before the last one awaited is never missed.
   *
   * @throws AssertionError if {@code done} does not hold within {@code timeout}
   */
  protected static List<ConsumerRecord<String, byte[]>> pollUntil(
      KafkaConsumer<String, byte[]> consumer,
      Predicate<List<ConsumerRecord<String, byte[]>>> done,
      Duration timeout) {
    List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(received)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "expected records did not arrive within " + timeout + "; got " + received.size());
      }
      consumer.poll(Duration.ofMillis(5)).forEach(received::add);
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("could not read to the end of " + JOBS_TOPIC);
      }
      consumer.poll(Duration.ofMillis(5)).forEach(received::add);
    }
    return received;
  }
}
