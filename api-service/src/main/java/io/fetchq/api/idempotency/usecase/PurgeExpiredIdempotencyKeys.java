package io.fetchq.api.idempotency.usecase;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Deletes the idempotency keys expired now, in batches of a bounded size, each its own short
 * transaction, so a large backlog never holds one long transaction or many row locks. Several API
 * instances may purge at once: each batch skips rows another holds, and the expiry instant is fixed
 * when the purge starts, so a purge always ends.
 */
public final class PurgeExpiredIdempotencyKeys {

  private final IdempotencyKeyStore store;
  private final Clock clock;
  private final int batchSize;

  /**
   * @param batchSize the most keys one statement deletes; at least 1
   */
  public PurgeExpiredIdempotencyKeys(IdempotencyKeyStore store, Clock clock, int batchSize) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1");
    }
    this.batchSize = batchSize;
  }

  /**
   * Deletes every key expired now that no other transaction holds.
   *
   * @return how many were deleted
   */
  public long purge() {
    Instant now = clock.instant();
    long total = 0;
    int deleted;
    do {
      deleted = store.deleteExpired(now, batchSize);
      total += deleted;
    } while (deleted == batchSize);
    return total;
  }
}
