package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.JobAttempt;
import io.fetchq.api.jobs.domain.JobId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Attempts in a list, as a worker would have recorded them. */
public final class InMemoryJobAttemptRepository implements JobAttemptRepository {

  private record Row(JobId jobId, int generation, JobAttempt attempt) {}

  private final List<Row> rows = new ArrayList<>();

  @Override
  public synchronized List<JobAttempt> list(JobId jobId, int generation) {
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
