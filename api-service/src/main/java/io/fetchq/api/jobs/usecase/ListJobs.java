package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import java.util.List;
import java.util.Objects;

/** Lists a tenant's jobs newest first, a page at a time (API.md "Jobs", GET /api/v1/jobs). */
public final class ListJobs {

  /** The smallest page size. */
  public static final int MIN_LIMIT = 1;

  /** The largest page size. */
  public static final int MAX_LIMIT = 200;

  /** The page size when the client names none. */
  public static final int DEFAULT_LIMIT = 50;

  private final JobListing listing;

  public ListJobs(JobListing listing) {
    this.listing = Objects.requireNonNull(listing, "listing");
  }

  /**
   * The first {@code limit} jobs matching {@code query}. One more is read to learn whether another
   * page follows, so the last page never points at an empty one.
   *
   * @throws IllegalArgumentException if {@code limit} is outside {@value #MIN_LIMIT}..{@value
   *     #MAX_LIMIT}
   */
  public JobPage list(JobQuery query, int limit) {
    Objects.requireNonNull(query, "query");
    if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be " + MIN_LIMIT + ".." + MAX_LIMIT);
    }
    List<Job> found = listing.newestFirst(query, limit + 1);
    if (found.size() <= limit) {
      return new JobPage(found, null);
    }
    List<Job> page = found.subList(0, limit);
    return new JobPage(page, page.getLast().id());
  }
}
