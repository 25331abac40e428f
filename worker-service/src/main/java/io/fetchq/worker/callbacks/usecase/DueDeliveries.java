package io.fetchq.worker.callbacks.usecase;

import java.util.List;
import java.util.function.Consumer;

/** The scheduled deliveries whose next attempt is due. */
public interface DueDeliveries {

  /**
   * In one transaction: locks up to {@code limit} due rows (skipping rows other workers hold),
   * hands them to {@code publish}, and when it returns normally marks them {@code queued}. When
   * {@code publish} throws, the transaction rolls back and the rows stay scheduled.
   *
   * @return how many rows were requeued
   */
  int requeue(int limit, Consumer<List<DueDelivery>> publish);
}
