package io.fetchq.api.idempotency.domain;

import java.util.Arrays;

/**
 * What a submission guarded by an idempotency key creates. Part of the request fingerprint, so a
 * key used for a job and then for a batch is a different request.
 */
public enum IdempotentResource {
  /** {@code POST /api/v1/jobs}. */
  JOB("job"),
  /** {@code POST /api/v1/batches}. */
  BATCH("batch");

  private final String wireName;

  IdempotentResource(String wireName) {
    this.wireName = wireName;
  }

  /** The stored name: {@code job} or {@code batch}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The resource stored as {@code wireName}.
   *
   * @throws IllegalArgumentException if no resource has that name
   */
  public static IdempotentResource fromWireName(String wireName) {
    return Arrays.stream(values())
        .filter(resource -> resource.wireName.equals(wireName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown resource " + wireName));
  }
}
