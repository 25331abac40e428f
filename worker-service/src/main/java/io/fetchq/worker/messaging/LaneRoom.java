package io.fetchq.worker.messaging;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many more records this worker's job loop can take into its host lanes: the loop states it
 * ({@link #offer}), and the retry tier forwarder takes from it ({@link #take}) to release records
 * that were handed back only for want of room at their host ({@code host_busy}) before their
 * estimated due time. So a backlog handed back to the tiers is fed back as fast as this worker
 * starts it, however wrong the estimate of when there would be room, instead of only when the
 * records come back by themselves. Thread-safe: written by the job loop, taken by the forwarder.
 */
public final class LaneRoom {

  private final AtomicInteger records = new AtomicInteger();

  /** States that the lanes can take {@code records} more (zero or less: none). */
  public void offer(int records) {
    this.records.set(Math.max(0, records));
  }

  /** Whether a record would be taken now. */
  public boolean available() {
    return records.get() > 0;
  }

  /** Takes room for one record; false when there is none. */
  public boolean take() {
    return records.getAndUpdate(left -> left > 0 ? left - 1 : left) > 0;
  }
}
