package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jobs in a map; refuses writes outside a {@link FakeTransactions} transaction. */
public final class InMemoryJobRepository implements JobRepository {

  private final FakeTransactions transactions;
  private final Map<JobId, Job> jobs = new LinkedHashMap<>();

  public InMemoryJobRepository(FakeTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public synchronized void add(Job job) {
    if (!transactions.isActive()) {
      throw new IllegalStateException("add outside a transaction");
    }
    if (jobs.putIfAbsent(job.id(), job) != null) {
      throw new IllegalStateException("duplicate job " + job.id());
    }
  }

  @Override
  public synchronized Optional<Job> find(TenantId tenant, JobId id) {
    return Optional.ofNullable(jobs.get(id)).filter(job -> job.tenantId().equals(tenant));
  }

  /** Stores {@code job} as it is, as if a worker had moved it along. */
  public synchronized void put(Job job) {
    jobs.put(job.id(), job);
  }

  public synchronized List<Job> all() {
    return new ArrayList<>(jobs.values());
  }

  public synchronized void clear() {
    jobs.clear();
  }
}
