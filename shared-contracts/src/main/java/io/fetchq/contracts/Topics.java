package io.fetchq.contracts;

/**
 * Kafka topic names, relative to a deployment-wide prefix ({@code fetchq.kafka.topic-prefix},
 * default {@code fetchq.}) so that test runs and environments never share topics.
 */
public final class Topics {

  /** {@link io.fetchq.contracts.jobs.v1.FetchJobMessage} records, keyed by job id. */
  public static final String JOBS = "jobs.v1";

  /** {@link io.fetchq.contracts.jobs.v1.DeadLetterMessage} records, keyed by job id. */
  public static final String DEAD_LETTERS = "dead-letters.v1";

  /**
   * {@link io.fetchq.contracts.webhooks.v1.CallbackMessage} records, keyed by event id: webhook
   * deliveries, consumed by the workers apart from fetch work.
   */
  public static final String CALLBACKS = "callbacks.v1";

  /** The record header naming the message type and version, e.g. {@code fetch-job.v1}. */
  public static final String TYPE_HEADER = "fetchq-type";

  private Topics() {}

  /** The full topic name for {@code topic} under {@code prefix}. */
  public static String name(String prefix, String topic) {
    return prefix + topic;
  }
}
