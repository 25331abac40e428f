package io.fetchq.api.callbacks.usecase;

import io.fetchq.api.callbacks.domain.CallbackDeadLetterFilter;
import io.fetchq.api.callbacks.domain.DeliveryState;
import io.fetchq.api.callbacks.domain.WebhookDelivery;
import io.fetchq.api.callbacks.domain.WebhookEventId;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link CallbackDeadLetterRepository} in memory, ordered as the SQL orders. */
final class InMemoryCallbackDeadLetters implements CallbackDeadLetterRepository {

  private static final Comparator<WebhookDelivery> NEWEST_FIRST =
      Comparator.comparing(WebhookDelivery::failedAt)
          .thenComparing((a, b) -> KeysetCursor.compareIds(a.id().value(), b.id().value()))
          .reversed();

  private final Map<WebhookEventId, WebhookDelivery> rows = new LinkedHashMap<>();

  synchronized void add(WebhookDelivery delivery) {
    rows.put(delivery.id(), delivery);
  }

  synchronized WebhookDelivery get(WebhookEventId id) {
    return rows.get(id);
  }

  @Override
  public synchronized List<WebhookDelivery> list(
      CallbackDeadLetterFilter filter, KeysetCursor after, int limit) {
    return failed(filter)
        .filter(d -> after == null || after.precedes(d.failedAt(), d.id().value()))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized Optional<WebhookDelivery> lock(WebhookEventId id) {
    return Optional.ofNullable(rows.get(id));
  }

  @Override
  public synchronized List<WebhookDelivery> lockReplayable(
      CallbackDeadLetterFilter filter, int limit) {
    return failed(filter).filter(WebhookDelivery::rendered).limit(limit).toList();
  }

  @Override
  public synchronized int countReplayable(CallbackDeadLetterFilter filter, int limit) {
    return (int) failed(filter).filter(WebhookDelivery::rendered).limit(limit).count();
  }

  @Override
  public synchronized int markReplayed(List<WebhookEventId> ids, Instant now) {
    int changed = 0;
    for (WebhookEventId id : ids) {
      WebhookDelivery row = rows.get(id);
      if (row != null && row.state() == DeliveryState.FAILED) {
        rows.put(id, row.replay());
        changed++;
      }
    }
    return changed;
  }

  private Stream<WebhookDelivery> failed(CallbackDeadLetterFilter filter) {
    return rows.values().stream()
        .filter(d -> d.state() == DeliveryState.FAILED && filter.matches(d))
        .sorted(NEWEST_FIRST);
  }
}
