package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a job listing, newest first.
 *
 * @param items the jobs of the page
 * @param next where the next page starts ({@link JobQuery#below}): the last item's id when more
 *     jobs follow, otherwise null
 */
public record JobPage(List<Job> items, JobId next) {

  public JobPage {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  /** Where the next page starts, if there is one. */
  public Optional<JobId> nextIfAny() {
    return Optional.ofNullable(next);
  }
}
