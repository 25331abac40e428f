package io.fetchq.api.batches.usecase;

import io.fetchq.api.batches.domain.Batch;
import io.fetchq.api.batches.domain.BatchCounts;
import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.batches.domain.BatchProgress;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Batches in a map; progress is computed from an {@link InMemoryJobRepository}'s jobs. */
public final class InMemoryBatchRepository implements BatchRepository {

  private final FakeTransactions transactions;
  private final InMemoryJobRepository jobs;
  private final Map<BatchId, Batch> batches = new LinkedHashMap<>();

  public InMemoryBatchRepository(FakeTransactions transactions, InMemoryJobRepository jobs) {
    this.transactions = transactions;
    this.jobs = jobs;
  }

  @Override
  public synchronized void add(Batch batch) {
    if (!transactions.isActive()) {
      throw new IllegalStateException("add outside a transaction");
    }
    if (batches.putIfAbsent(batch.id(), batch) != null) {
      throw new IllegalStateException("duplicate batch " + batch.id());
    }
  }

  @Override
  public synchronized boolean exists(TenantId tenant, BatchId id) {
    return find(tenant, id).isPresent();
  }

  @Override
  public synchronized Optional<BatchProgress> progress(TenantId tenant, BatchId id) {
    return find(tenant, id)
        .map(
            batch -> {
              List<Job> members =
                  jobs.all().stream()
                      .filter(job -> batch.id().value().equals(job.batchId()))
                      .toList();
              Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
              members.forEach(job -> counts.merge(job.status(), 1, Integer::sum));
              Instant last =
                  members.stream()
                      .map(Job::completedAt)
                      .filter(Objects::nonNull)
                      .max(Comparator.naturalOrder())
                      .orElse(null);
              return new BatchProgress(batch, BatchCounts.of(counts), last);
            });
  }

  @Override
  public synchronized List<JobId> jobIds(TenantId tenant, BatchId id) {
    return find(tenant, id).stream()
        .flatMap(
            batch -> jobs.all().stream().filter(job -> batch.id().value().equals(job.batchId())))
        .map(Job::id)
        .sorted(Comparator.comparing(JobId::value, SubmitBatch.UNSIGNED))
        .toList();
  }

  public synchronized List<Batch> all() {
    return List.copyOf(batches.values());
  }

  public synchronized void clear() {
    batches.clear();
  }

  private Optional<Batch> find(TenantId tenant, BatchId id) {
    return Optional.ofNullable(batches.get(id)).filter(b -> b.tenantId().equals(tenant));
  }
}
