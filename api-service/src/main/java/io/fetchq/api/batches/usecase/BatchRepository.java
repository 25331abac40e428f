package io.fetchq.api.batches.usecase;

import io.fetchq.api.batches.domain.Batch;
import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.batches.domain.BatchProgress;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Where batches are kept. Every read is scoped by tenant: another tenant's batch is never found.
 */
public interface BatchRepository {

  /**
   * Stores a newly accepted batch, before its jobs. Must run inside the caller's transaction.
   *
   * @throws IllegalStateException if a batch with that id exists
   */
  void add(Batch batch);

  /** Whether {@code tenant} owns a batch {@code id}. */
  boolean exists(TenantId tenant, BatchId id);

  /**
   * The batch {@code id} of {@code tenant} with the count of its jobs per status and the time its
   * last job became terminal, read in one statement; empty when it does not exist or another tenant
   * owns it.
   */
  Optional<BatchProgress> progress(TenantId tenant, BatchId id);

  /** The ids of the jobs of {@code tenant}'s batch {@code id}, ascending (submission order). */
  List<JobId> jobIds(TenantId tenant, BatchId id);
}
