package io.fetchq.api.batches.usecase;

import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.batches.domain.BatchProgress;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.Objects;
import java.util.Optional;

/** Reads one batch of a tenant with its progress. Another tenant's batch reads as missing. */
public final class GetBatch {

  private final BatchRepository batches;

  public GetBatch(BatchRepository batches) {
    this.batches = Objects.requireNonNull(batches, "batches");
  }

  /** The batch {@code id} with its jobs' counts if {@code tenant} owns it; empty otherwise. */
  public Optional<BatchProgress> get(TenantId tenant, BatchId id) {
    return batches.progress(tenant, id);
  }
}
