package io.fetchq.api.jobs.domain;

import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A fetch job as stored: its request, where it is in its life cycle and, once it has one, its
 * result. Instances are immutable snapshots; transitions return a new snapshot and refuse what
 * {@link JobStatus#canTransitionTo} forbids.
 *
 * @param id the job's id
 * @param tenantId the owner
 * @param batchId the batch the job belongs to, or null
 * @param status where the job is in its life cycle
 * @param request what to fetch
 * @param attempts attempts started so far in the current generation
 * @param generation how many times the job was replayed from the dead-letter queue; with the
 *     attempt number it identifies an attempt, so messages from before a replay never claim one
 * @param nextAttemptAt when the next attempt is due while {@code retrying}, otherwise null
 * @param createdAt when the job was accepted
 * @param updatedAt when the job last changed
 * @param completedAt when the job reached a terminal state, otherwise null
 * @param result the final response, or null
 * @param lastError why the last attempt failed, or null
 * @param callback the delivery of the job's latest webhook event as last read, or null when none is
 *     recorded (no {@code callbackUrl}, or no terminal transition yet); read-only here: the event
 *     rows are written by the database and the workers, never through {@link Job}
 */
public record Job(
    JobId id,
    TenantId tenantId,
    UUID batchId,
    JobStatus status,
    JobRequest request,
    int attempts,
    int generation,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt,
    JobResult result,
    JobError lastError,
    CallbackDelivery callback) {

  /** A job without a recorded webhook delivery. */
  public Job(
      JobId id,
      TenantId tenantId,
      UUID batchId,
      JobStatus status,
      JobRequest request,
      int attempts,
      int generation,
      Instant nextAttemptAt,
      Instant createdAt,
      Instant updatedAt,
      Instant completedAt,
      JobResult result,
      JobError lastError) {
    this(
        id,
        tenantId,
        batchId,
        status,
        request,
        attempts,
        generation,
        nextAttemptAt,
        createdAt,
        updatedAt,
        completedAt,
        result,
        lastError,
        null);
  }

  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0");
    }
    if (generation < 0) {
      throw new IllegalArgumentException("generation must be >= 0");
    }
  }

  /** A newly accepted job: {@code queued}, no attempt made yet. */
  public static Job accept(
      JobId id, TenantId tenantId, UUID batchId, JobRequest request, Instant now) {
    return new Job(
        id,
        tenantId,
        batchId,
        JobStatus.QUEUED,
        request,
        0,
        0,
        null,
        now,
        now,
        null,
        null,
        null,
        null);
  }

  /** The maximum number of attempts, including the first. */
  public int maxAttempts() {
    return request.retryPolicy().maxAttempts();
  }

  /** The result, if the job received a final response. */
  public Optional<JobResult> resultIfAny() {
    return Optional.ofNullable(result);
  }

  /**
   * The job cancelled at {@code now}. The cancellation is a new terminal transition: its webhook
   * event (if the job has a {@code callbackUrl}) has no delivery attempt yet, so {@link #callback}
   * is null.
   *
   * @throws IllegalStateException unless the job is {@code queued} or {@code retrying}
   */
  public Job cancel(Instant now) {
    if (!status.canTransitionTo(JobStatus.CANCELLED)) {
      throw new IllegalStateException("a " + status.wireName() + " job cannot be cancelled");
    }
    return new Job(
        id,
        tenantId,
        batchId,
        JobStatus.CANCELLED,
        request,
        attempts,
        generation,
        null,
        createdAt,
        now,
        now,
        result,
        lastError,
        null);
  }

  /**
   * The failed job replayed from the dead-letter queue at {@code now}: {@code queued} again with a
   * fresh attempt budget in the next generation; its last error, result and completion time are
   * cleared, so it starts clean. Its latest webhook event is still the previous one, so {@link
   * #callback} is kept.
   *
   * @throws IllegalStateException unless the job is {@code failed}
   */
  public Job replay(Instant now) {
    if (!status.canTransitionTo(JobStatus.QUEUED)) {
      throw new IllegalStateException("a " + status.wireName() + " job cannot be replayed");
    }
    return new Job(
        id,
        tenantId,
        batchId,
        JobStatus.QUEUED,
        request,
        0,
        generation + 1,
        null,
        createdAt,
        now,
        null,
        null,
        null,
        callback);
  }
}
