package io.fetchq.worker.fetch.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A claimed attempt handed back without being fetched: its claim is undone (no attempt spent, no
 * attempt history) and the same attempt is asked for again at {@code until}.
 *
 * @param job the claimed attempt
 * @param until when the attempt may be tried again
 * @param reason why it was not fetched now
 */
public record Deferral(ClaimedJob job, Instant until, DeferralReason reason) {

  public Deferral {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(reason, "reason");
  }

  /** The message asking for the same attempt again at {@code until}. */
  public FollowUp.Retry followUp() {
    return new FollowUp.Retry(job.jobId(), job.tenantId(), job.generation(), job.attempt(), until);
  }
}
