package io.fetchq.contracts.jobs.v1;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A job that failed for good: its attempts are exhausted or it failed with a non-retryable error.
 * Published to {@link io.fetchq.contracts.Topics#DEAD_LETTERS} keyed by job id, with its full
 * attempt history, for consumers outside fetchq (alerting, archiving). The operator's view is the
 * {@code dead_letters} table, written in the same transaction that marks the job failed.
 *
 * @param messageId unique per published message
 * @param jobId the failed job
 * @param tenantId its tenant
 * @param generation the job's replay count when it failed
 * @param url the URL it fetched
 * @param failedAt when it failed
 * @param lastErrorType the last error's type
 * @param lastErrorMessage the last error's message
 * @param attempts every attempt of this generation, oldest first
 */
public record DeadLetterMessage(
    UUID messageId,
    UUID jobId,
    UUID tenantId,
    int generation,
    String url,
    Instant failedAt,
    String lastErrorType,
    String lastErrorMessage,
    List<AttemptRecord> attempts) {

  /** The value of the {@code fetchq-type} record header for this message. */
  public static final String TYPE = "dead-letter.v1";

  public DeadLetterMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(failedAt, "failedAt");
    Objects.requireNonNull(lastErrorType, "lastErrorType");
    attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts"));
  }
}
