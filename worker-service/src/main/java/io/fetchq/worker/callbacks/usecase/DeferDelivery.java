package io.fetchq.worker.callbacks.usecase;

import io.fetchq.worker.callbacks.domain.EventId;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Hands an unclaimed attempt back because its destination is at its per-destination limit: the row
 * is scheduled {@code delay} from now without spending the attempt, and the redelivery scheduler
 * publishes it again when due.
 */
public final class DeferDelivery {

  private final DeliveryStore store;
  private final Clock clock;
  private final Duration delay;

  public DeferDelivery(DeliveryStore store, Clock clock, Duration delay) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.delay = Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must be >= 0");
    }
  }

  /** Defers attempt {@code attempt} of {@code id}; {@code STALE} when it was not waiting for it. */
  public DeliveryOutcome defer(EventId id, int attempt) {
    boolean deferred = store.defer(id, attempt, clock.instant().plus(delay));
    return DeliveryOutcome.of(
        deferred ? DeliveryOutcome.Kind.DEFERRED : DeliveryOutcome.Kind.STALE);
  }
}
