package io.fetchq.worker.callbacks.usecase;

import java.util.Objects;

/**
 * Publishes the next attempt of every scheduled delivery that is due, a batch at a time: the rows
 * become {@code queued} only once every message of the batch is acknowledged, so a failed send
 * leaves them scheduled for the next round (a message may then be published twice; the guarded
 * claim makes the duplicate a no-op).
 */
public final class RedeliverDue {

  private final DueDeliveries due;
  private final CallbackPublisher publisher;
  private final int batchSize;

  public RedeliverDue(DueDeliveries due, CallbackPublisher publisher, int batchSize) {
    this.due = Objects.requireNonNull(due, "due");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1");
    }
    this.batchSize = batchSize;
  }

  /**
   * Requeues due deliveries until fewer than a batch are due.
   *
   * @return how many were requeued
   */
  public int redeliver() {
    int total = 0;
    int requeued;
    do {
      requeued = due.requeue(batchSize, publisher::publish);
      total += requeued;
    } while (requeued == batchSize);
    return total;
  }
}
