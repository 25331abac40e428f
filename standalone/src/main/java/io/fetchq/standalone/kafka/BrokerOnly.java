package io.fetchq.standalone.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * {@code ./fetchq broker}: only the embedded single-node KRaft broker, as its own process, for the
 * distributed topology on one machine (api-service and worker-service processes pointed at it with
 * {@code FETCHQ_KAFKA_BOOTSTRAP}). Same settings as standalone mode: {@code
 * FETCHQ_STANDALONE_DATA_DIR} (default {@code ./data}, log in {@code kafka/}) and {@code
 * FETCHQ_STANDALONE_KAFKA_PORT} (default 9092). Runs until SIGTERM/SIGINT.
 */
public final class BrokerOnly {

  private BrokerOnly() {}

  /** Starts the broker and blocks until the JVM is asked to stop. */
  public static void run(Map<String, String> env) throws InterruptedException {
    quietKafkaLogging();
    EmbeddedKafkaBroker broker = start(env);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "fetchq-broker-shutdown"));
    System.out.println(
        "fetchq: Kafka broker ready at "
            + broker.bootstrapServers()
            + " (data "
            + broker.logDir()
            + "); point services at it with FETCHQ_KAFKA_BOOTSTRAP="
            + broker.bootstrapServers());
    stopped.await();
  }

  /** Starts the broker the environment describes (data dir, port) and returns it running. */
  static EmbeddedKafkaBroker start(Map<String, String> env) {
    Path dataDir = Path.of(env.getOrDefault("FETCHQ_STANDALONE_DATA_DIR", "./data"));
    int port = Integer.parseInt(env.getOrDefault("FETCHQ_STANDALONE_KAFKA_PORT", "9092"));
    return EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), port, Duration.ofSeconds(60));
  }

  private static void quietKafkaLogging() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.WARN);
    }
    if (LoggerFactory.getLogger(EmbeddedKafkaBroker.class) instanceof Logger own) {
      own.setLevel(Level.INFO);
    }
  }
}
