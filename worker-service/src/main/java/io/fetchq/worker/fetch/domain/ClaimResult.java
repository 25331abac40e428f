package io.fetchq.worker.fetch.domain;

import java.util.Objects;

/** What claiming the attempt a job message asks for found. */
public sealed interface ClaimResult {

  /** The attempt the message asked for. */
  AttemptRef ref();

  /** This worker now owns the attempt and must fetch it. */
  record Claimed(ClaimedJob job) implements ClaimResult {

    public Claimed {
      Objects.requireNonNull(job, "job");
    }

    @Override
    public AttemptRef ref() {
      return job.ref();
    }
  }

  /**
   * The attempt's outcome is already recorded ({@code retrying} or {@code failed} with this attempt
   * count and generation), but the worker that recorded it may have died before publishing the
   * message that must follow it: publish {@code followUp} again. A duplicate this causes is
   * absorbed by the claim.
   */
  record FollowUpPending(AttemptRef ref, FollowUp followUp) implements ClaimResult {

    public FollowUpPending {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(followUp, "followUp");
    }
  }

  /** Nothing to do: the job was cancelled, finished, replayed or has moved past this attempt. */
  record Stale(AttemptRef ref) implements ClaimResult {

    public Stale {
      Objects.requireNonNull(ref, "ref");
    }
  }
}
