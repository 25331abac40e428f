package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** {@link JobListing} over an {@link InMemoryJobRepository}, ordered as PostgreSQL orders uuids. */
public final class InMemoryJobListing implements JobListing {

  /** PostgreSQL's uuid order: unsigned, byte by byte. */
  static final Comparator<UUID> UNSIGNED =
      Comparator.comparing((UUID id) -> id.getMostSignificantBits(), Long::compareUnsigned)
          .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

  private final InMemoryJobRepository jobs;

  public InMemoryJobListing(InMemoryJobRepository jobs) {
    this.jobs = jobs;
  }

  @Override
  public List<Job> newestFirst(JobQuery query, int limit) {
    return jobs.all().stream()
        .filter(job -> job.tenantId().equals(query.tenantId()))
        .filter(job -> query.status() == null || job.status() == query.status())
        .filter(job -> query.batchId() == null || query.batchId().equals(job.batchId()))
        .filter(
            job ->
                query.before() == null
                    || UNSIGNED.compare(job.id().value(), query.before().value()) < 0)
        .sorted(Comparator.comparing((Job job) -> job.id().value(), UNSIGNED).reversed())
        .limit(limit)
        .toList();
  }
}
