package io.fetchq.contracts.jobs.v1;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Asks a worker to make attempt {@code attempt} of job {@code jobId}. Published to {@link
 * io.fetchq.contracts.Topics#JOBS} keyed by the job id; the W3C trace context travels in the record
 * headers. The request itself is read from the job row when the worker claims the attempt, so the
 * message stays small and a cancelled or finished job is never fetched.
 *
 * @param messageId unique per published message; a replayed job gets fresh ids
 * @param jobId the job to run
 * @param tenantId the job's tenant, for logs and metrics
 * @param attempt the 1-based attempt this message asks for
 * @param enqueuedAt when the message was first published for this attempt
 * @param generation the job's replay count; with {@code attempt} it identifies the attempt, so a
 *     message from before a dead-letter replay never claims an attempt of the replayed job (0 when
 *     absent: messages written before the field existed)
 * @param notBefore the attempt must not start before this instant (retries); null = at once
 * @param host the job URL's host, lowercase, IPv6 without brackets: the worker's per-host
 *     politeness key, known before the attempt is claimed (null in messages written before the
 *     field existed: the worker then counts them all against one shared host limit)
 */
public record FetchJobMessage(
    UUID messageId,
    UUID jobId,
    UUID tenantId,
    int attempt,
    Instant enqueuedAt,
    int generation,
    Instant notBefore,
    String host) {

  /** The value of the {@code fetchq-type} record header for this message. */
  public static final String TYPE = "fetch-job.v1";

  public FetchJobMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
    if (generation < 0) {
      throw new IllegalArgumentException("generation must be >= 0");
    }
  }

  /** The first attempt of a new job: generation 0, due at once. */
  public static FetchJobMessage firstAttempt(
      UUID messageId, UUID jobId, UUID tenantId, Instant enqueuedAt, String host) {
    return new FetchJobMessage(messageId, jobId, tenantId, 1, enqueuedAt, 0, null, host);
  }
}
