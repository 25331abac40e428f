package io.fetchq.api.outbox.messaging;

/** Kafka did not acknowledge every message of a batch; the batch is rolled back and retried. */
public class OutboxPublishException extends RuntimeException {

  public OutboxPublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
