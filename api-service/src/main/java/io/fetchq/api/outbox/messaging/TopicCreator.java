package io.fetchq.api.outbox.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates a topic the API publishes to when it is missing, within a bounded time (idempotent). */
public final class TopicCreator {

  private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

  private final Map<String, Object> adminConfig;
  private final NewTopic topic;
  private final Duration timeout;

  /**
   * @param adminConfig AdminClient settings (bootstrap servers, security)
   */
  public TopicCreator(
      Map<String, Object> adminConfig,
      String topic,
      int partitions,
      short replicationFactor,
      Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.adminConfig = new HashMap<>(adminConfig);
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    this.adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    this.adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    this.adminConfig.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "fetchq-api-admin");
    this.topic = new NewTopic(topic, partitions, replicationFactor);
  }

  /**
   * Creates the topic unless it exists.
   *
   * @throws IllegalStateException naming the topic and the bootstrap servers when Kafka refuses or
   *     does not answer in time
   */
  public void ensureTopic() {
    try (Admin admin = Admin.create(adminConfig)) {
      admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      log.info(
          "created topic topic={} partitions={} replicationFactor={}",
          topic.name(),
          topic.numPartitions(),
          topic.replicationFactor());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw failure("Kafka refused: " + e.getCause(), e);
      }
      log.debug("topic exists topic={}", topic.name());
    } catch (TimeoutException e) {
      throw failure("no answer within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted", e);
    }
  }

  private IllegalStateException failure(String reason, Exception cause) {
    return new IllegalStateException(
        "could not create Kafka topic '"
            + topic.name()
            + "' at "
            + adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
            + " (check FETCHQ_KAFKA_BOOTSTRAP / spring.kafka.bootstrap-servers): "
            + reason,
        cause);
  }
}
