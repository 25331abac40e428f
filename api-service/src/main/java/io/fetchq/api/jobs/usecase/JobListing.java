package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import java.util.List;

/**
 * Reads pages of a tenant's jobs by keyset over their time-ordered ids, never by offset, so a page
 * costs the same however deep it is and jobs submitted meanwhile neither shift nor repeat items.
 */
public interface JobListing {

  /**
   * At most {@code limit} jobs matching {@code query}, ordered by id descending (newest first),
   * each with its result if any. Only {@code query.tenantId()}'s jobs are read.
   */
  List<Job> newestFirst(JobQuery query, int limit);
}
