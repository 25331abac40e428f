package io.fetchq.api.outbox.usecase;

import io.fetchq.api.outbox.domain.OutboxEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The outbox table as the relay sees it. */
public interface OutboxStore {

  /**
   * In one transaction: removes up to {@code limit} of the oldest rows no other relay holds, hands
   * them to {@code publish} in id order, and commits once {@code publish} returns. If {@code
   * publish} throws, the transaction rolls back, the rows stay for a later attempt, and the
   * exception propagates.
   *
   * @return how many rows were relayed (0 when the outbox is empty)
   */
  int relayBatch(int limit, Consumer<List<OutboxEntry>> publish);

  /** How many rows wait, counted up to {@code cap} (a cheap, bounded estimate of the backlog). */
  long backlog(long cap);

  /**
   * When the oldest waiting row was written (the lowest id's {@code created_at}: one index probe),
   * or empty when the outbox is empty.
   */
  Optional<Instant> oldestCreatedAt();
}
