package io.fetchq.api.deadletters.domain;

import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the dead-letter queue: a job that exhausted its attempts or failed non-retryably.
 * There is one entry per job; instances are immutable snapshots and {@link #replayed} returns a new
 * one.
 *
 * @param id the entry's id
 * @param jobId the failed job
 * @param tenantId the job's tenant
 * @param url the job's URL
 * @param host the URL's host name without port, lowercase
 * @param failedAt when the job failed (its latest failure)
 * @param attempts attempts the job made before it failed
 * @param lastError why the last attempt failed
 * @param state whether the entry waits for an operator or was replayed
 * @param replayCount how many times the entry was replayed
 * @param lastReplayedAt when it was last replayed, or null if never
 */
public record DeadLetter(
    DeadLetterId id,
    JobId jobId,
    TenantId tenantId,
    String url,
    String host,
    Instant failedAt,
    int attempts,
    JobError lastError,
    DeadLetterState state,
    int replayCount,
    Instant lastReplayedAt) {

  public DeadLetter {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(failedAt, "failedAt");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(state, "state");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0");
    }
    if (replayCount < 0) {
      throw new IllegalArgumentException("replayCount must be >= 0");
    }
  }

  /** Whether an operator may replay the entry: it is {@code dead}. */
  public boolean isReplayable() {
    return state == DeadLetterState.DEAD;
  }

  /**
   * The entry replayed at {@code now}: {@code replayed}, its replay counted.
   *
   * @throws IllegalStateException unless the entry is {@code dead}
   */
  public DeadLetter replayed(Instant now) {
    Objects.requireNonNull(now, "now");
    if (!isReplayable()) {
      throw new IllegalStateException("a " + state.wireName() + " entry cannot be replayed");
    }
    return new DeadLetter(
        id,
        jobId,
        tenantId,
        url,
        host,
        failedAt,
        attempts,
        lastError,
        DeadLetterState.REPLAYED,
        replayCount + 1,
        now);
  }
}
