package io.fetchq.worker.callbacks.usecase;

import io.fetchq.worker.callbacks.domain.ClaimedDelivery;
import io.fetchq.worker.callbacks.domain.DeliveryDecision;
import io.fetchq.worker.callbacks.domain.EventId;
import java.time.Instant;
import java.util.Optional;

/** The stored deliveries, every change guarded by the attempt number. */
public interface DeliveryStore {

  /**
   * Claims attempt {@code attempt} of {@code id}: {@code queued} with {@code attempts = attempt -
   * 1} becomes {@code sending} with {@code attempts = attempt}; a row already {@code sending} that
   * attempt (its worker died mid-delivery) is claimed again.
   *
   * @return the claimed delivery, empty when the message is stale (another attempt, or the event is
   *     delivered, failed or unknown)
   */
  Optional<ClaimedDelivery> claim(EventId id, int attempt);

  /**
   * Records the decision for claimed attempt {@code attempt} (only while the row is still {@code
   * sending} that attempt).
   *
   * @param now when the attempt ended
   * @return false when the row had moved on (nothing written)
   */
  boolean record(EventId id, int attempt, DeliveryDecision decision, Instant now);

  /**
   * Hands unclaimed attempt {@code attempt} back without spending it: {@code queued} (or {@code
   * scheduled} and due) with {@code attempts = attempt - 1} becomes {@code scheduled}, due at
   * {@code until}.
   *
   * @return false when the row was not waiting for that attempt (stale message, nothing written)
   */
  boolean defer(EventId id, int attempt, Instant until);
}
