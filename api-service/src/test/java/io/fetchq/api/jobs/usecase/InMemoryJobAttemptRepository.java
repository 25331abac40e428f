package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.JobAttempt;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Attempts in a list, as a worker would have recorded them. Like the SQL, a job's attempts are
 * listed only for the tenant that owns the job in {@code jobs}.
 */
public final class InMemoryJobAttemptRepository implements JobAttemptRepository {

  private record Row(JobId jobId, int generation, JobAttempt attempt) {}

  private final List<Row> rows = new ArrayList<>();
  private final InMemoryJobRepository jobs;

  public InMemoryJobAttemptRepository(InMemoryJobRepository jobs) {
    this.jobs = jobs;
  }

  @Override
  public synchronized List<JobAttempt> list(TenantId tenant, JobId jobId, int generation) {
    if (jobs.find(tenant, jobId).isEmpty()) {
      return List.of();
    }
    return rows.stream()
        .filter(row -> row.jobId().equals(jobId) && row.generation() == generation)
        .map(Row::attempt)
        .sorted(Comparator.comparingInt(JobAttempt::attempt))
        .toList();
  }

  /** Records {@code attempt} of generation {@code generation} of job {@code jobId}. */
  public synchronized void add(JobId jobId, int generation, JobAttempt attempt) {
    rows.add(new Row(jobId, generation, attempt));
  }

  public synchronized void clear() {
    rows.clear();
  }
}
