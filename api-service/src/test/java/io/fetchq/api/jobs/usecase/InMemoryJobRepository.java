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

  @Override
  public synchronized Optional<Job> lock(TenantId tenant, JobId id) {
    if (!transactions.isActive()) {
      throw new IllegalStateException("lock outside a transaction");
    }
    return find(tenant, id);
  }

  @Override
  public synchronized void update(Job job) {
    if (!transactions.isActive()) {
      throw new IllegalStateException("update outside a transaction");
    }
    Job stored = jobs.get(job.id());
    if (stored == null) {
      throw new IllegalStateException("no job " + job.id());
    }
    if (!stored.request().equals(job.request()) || !stored.tenantId().equals(job.tenantId())) {
      throw new IllegalStateException("update changes the request or owner of " + job.id());
    }
    jobs.put(job.id(), job);
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
