package io.fetchq.api.batches.domain;

import io.fetchq.api.jobs.domain.JobRequestRules;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * A batch as stored: how many jobs it was accepted with, and where its completion is announced.
 *
 * @param id the batch's id
 * @param tenantId the owner of the batch and of every job in it
 * @param size how many jobs it holds, {@value #MIN_SIZE}..{@value #MAX_SIZE}
 * @param callbackUrl where fetchq POSTs {@code batch.completed}, or null
 * @param createdAt when the batch was accepted
 */
public record Batch(
    BatchId id, TenantId tenantId, int size, String callbackUrl, Instant createdAt) {

  /** The fewest jobs of a batch. */
  public static final int MIN_SIZE = 1;

  /** The most jobs of a batch (API.md "Batches"). */
  public static final int MAX_SIZE = 1000;

  public Batch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(createdAt, "createdAt");
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException("size must be " + MIN_SIZE + ".." + MAX_SIZE);
    }
    if (callbackUrl != null) {
      JobRequestRules.urlViolation(callbackUrl)
          .ifPresent(
              violation -> {
                throw new IllegalArgumentException("callbackUrl " + violation);
              });
    }
  }
}
