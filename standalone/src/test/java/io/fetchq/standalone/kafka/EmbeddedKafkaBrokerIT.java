package io.fetchq.standalone.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void keepsTopicsRecordsAndOffsetsAcrossARestartOnTheSameDirectory(@TempDir Path dir)
      throws Exception {
    Path logDir = dir.resolve("kafka");
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(logDir, 0, TIMEOUT)) {
      assertThat(first.formatted()).isTrue();
      assertThat(first.logDir()).isEqualTo(logDir.toAbsolutePath());
      try (Admin admin = admin(first)) {
        admin
            .createTopics(List.of(new NewTopic("durable", 3, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      try (KafkaProducer<String, String> producer = producer(first)) {
        producer
            .send(new ProducerRecord<>("durable", "k1", "before-restart"))
            .get(30, TimeUnit.SECONDS);
      }
      assertThat(consumeAll(first, "group-a", 1)).containsExactly("before-restart");
    }

    try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(logDir, 0, TIMEOUT)) {
      System.out.printf("embedded kafka restart took %d ms%n", second.startupTime().toMillis());
      assertThat(second.formatted()).isFalse();
      assertThat(second.startupTime()).isLessThan(Duration.ofSeconds(30));
      try (Admin admin = admin(second)) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("durable");
      }
      try (KafkaProducer<String, String> producer = producer(second)) {
        producer
            .send(new ProducerRecord<>("durable", "k1", "after-restart"))
            .get(30, TimeUnit.SECONDS);
      }
      // group-a committed the first record before the restart: it only sees the new one
      assertThat(consumeAll(second, "group-a", 1)).containsExactly("after-restart");
      assertThat(consumeAll(second, "group-b", 2))
          .containsExactly("before-restart", "after-restart");
    }
  }

  @Test
  void neverCreatesTopicsImplicitly(@TempDir Path dir) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, TIMEOUT);
        Admin admin = admin(broker);
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                producerConfig(broker, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500)))) {
      assertThatThrownBy(
              () -> producer.send(new ProducerRecord<>("typo", "k", "v")).get(10, TimeUnit.SECONDS))
          .hasMessageContaining("typo");
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("typo");
    }
  }

  @Test
  void refusesADirectoryAnotherBrokerIsUsing(@TempDir Path dir) {
    try (EmbeddedKafkaBroker running = EmbeddedKafkaBroker.start(dir, 0, TIMEOUT)) {
      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dir, 0, TIMEOUT))
          .isInstanceOf(BrokerStartException.class)
          .hasMessage(
              "fetchq: the Kafka data directory "
                  + running.logDir()
                  + " is in use by another fetchq process. Stop it, or give this one its own"
                  + " fetchq.standalone.data-dir.");
      assertThat(running.isClosed()).isFalse();
    }
  }

  @Test
  void refusesAPortInUseWithASentence(@TempDir Path dir) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dir, port, TIMEOUT))
          .isInstanceOf(BrokerStartException.class)
          .hasMessage(
              "fetchq: port "
                  + port
                  + " on 127.0.0.1 is already in use (another fetchq or Kafka?). Stop it, or set"
                  + " FETCHQ_STANDALONE_KAFKA_PORT to a free port (0 picks one).");
    }
  }

  @Test
  void refusesAnInvalidPort(@TempDir Path dir) {
    assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dir, 70000, TIMEOUT))
        .isInstanceOf(BrokerStartException.class)
        .hasMessageContaining("70000 is not a valid Kafka port");
  }

  @Test
  void explainsADataDirectoryThatCannotBeCreated(@TempDir Path dir) throws IOException {
    Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");

    assertThatThrownBy(() -> EmbeddedKafkaBroker.start(file.resolve("kafka"), 0, TIMEOUT))
        .isInstanceOf(BrokerStartException.class)
        .hasMessageStartingWith("fetchq: cannot prepare the Kafka data directory");
  }

  @Test
  void configuresASingleNodeClusterWithoutImplicitTopics() {
    Map<String, Object> config = EmbeddedKafkaBroker.brokerConfig(Path.of("/d"), 9092, 9093);

    assertThat(config)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("node.id", "1")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
        .containsEntry("auto.create.topics.enable", "false")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0")
        .containsEntry("log.cleaner.dedupe.buffer.size", "8388608")
        .containsEntry("log.dirs", "/d");
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker) {
    return new KafkaProducer<>(producerConfig(broker, Map.of()));
  }

  private static Map<String, Object> producerConfig(
      EmbeddedKafkaBroker broker, Map<String, Object> extra) {
    Map<String, Object> config = new java.util.HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return config;
  }

  /** Reads {@code expected} records from {@code durable} as {@code group}, committing them. */
  private static List<String> consumeAll(EmbeddedKafkaBroker broker, String group, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(Set.of("durable"));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
      consumer.commitSync();
    }
    return values;
  }
}
