package io.fetchq.worker.fetch.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the worker's topics (jobs, retry tiers, dead letters, callbacks) if they are missing,
 * within a bounded time. Idempotent; after the first success further calls do nothing.
 */
public final class WorkerTopicCreator {

  private static final Logger log = LoggerFactory.getLogger(WorkerTopicCreator.class);

  private final Map<String, Object> adminConfig;
  private final List<NewTopic> topics;
  private final Duration timeout;
  private volatile boolean ensured;

  public WorkerTopicCreator(
      Map<String, Object> adminConfig,
      List<String> topics,
      int partitions,
      short replicationFactor,
      Duration timeout) {
    this.adminConfig = new HashMap<>(adminConfig);
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    this.adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    this.adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    this.topics =
        topics.stream().map(name -> new NewTopic(name, partitions, replicationFactor)).toList();
    this.timeout = timeout;
  }

  /**
   * Creates every topic that does not exist yet.
   *
   * @throws IllegalStateException naming the topic and the bootstrap servers when Kafka refuses or
   *     does not answer in time
   */
  public synchronized void ensureTopics() {
    if (ensured) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(adminConfig)) {
      CreateTopicsResult result = admin.createTopics(topics);
      for (NewTopic topic : topics) {
        long remaining = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        try {
          result.values().get(topic.name()).get(remaining, TimeUnit.MILLISECONDS);
          log.info(
              "created topic topic={} partitions={} replicationFactor={}",
              topic.name(),
              topic.numPartitions(),
              topic.replicationFactor());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw failure(topic, "Kafka refused: " + e.getCause(), e);
          }
        } catch (TimeoutException e) {
          throw failure(topic, "no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failure(topic, "interrupted", e);
        }
      }
    }
    ensured = true;
  }

  private IllegalStateException failure(NewTopic topic, String reason, Exception cause) {
    return new IllegalStateException(
        "could not create Kafka topic '"
            + topic.name()
            + "' at "
            + adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
            + " (check FETCHQ_KAFKA_BOOTSTRAP): "
            + reason,
        cause);
  }
}
