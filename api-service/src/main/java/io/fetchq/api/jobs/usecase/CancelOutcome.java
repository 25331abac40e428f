package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.kernel.jobs.JobStatus;
import java.util.Objects;

/** What became of a request to cancel a job. Expected refusals are values, not exceptions. */
public sealed interface CancelOutcome {

  /** The job was {@code queued} or {@code retrying} and is now {@code cancelled}. */
  record Cancelled(Job job) implements CancelOutcome {
    public Cancelled {
      Objects.requireNonNull(job, "job");
    }
  }

  /**
   * The job is in a state that cannot be cancelled (running, or already terminal); nothing changed.
   *
   * @param status the job's current status
   */
  record NotCancellable(JobId id, JobStatus status) implements CancelOutcome {
    public NotCancellable {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(status, "status");
    }
  }

  /** No such job for the caller's tenant (another tenant's job included). */
  record NotFound(JobId id) implements CancelOutcome {
    public NotFound {
      Objects.requireNonNull(id, "id");
    }
  }
}
