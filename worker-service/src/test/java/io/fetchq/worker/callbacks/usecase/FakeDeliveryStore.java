package io.fetchq.worker.callbacks.usecase;

import io.fetchq.worker.callbacks.domain.ClaimedDelivery;
import io.fetchq.worker.callbacks.domain.DeliveryDecision;
import io.fetchq.worker.callbacks.domain.EventId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An in-memory store: one claimable delivery (or none), recording what was written. */
final class FakeDeliveryStore implements DeliveryStore {

  ClaimedDelivery claimable;
  boolean recordSucceeds = true;
  boolean deferSucceeds = true;
  final List<DeliveryDecision> recorded = new ArrayList<>();
  final List<Instant> deferredUntil = new ArrayList<>();

  @Override
  public Optional<ClaimedDelivery> claim(EventId id, int attempt) {
    return Optional.ofNullable(claimable).filter(c -> c.id().equals(id) && c.attempt() == attempt);
  }

  @Override
  public boolean record(EventId id, int attempt, DeliveryDecision decision, Instant now) {
    recorded.add(decision);
    return recordSucceeds;
  }

  @Override
  public boolean defer(EventId id, int attempt, Instant until) {
    deferredUntil.add(until);
    return deferSucceeds;
  }
}
