package io.fetchq.api.callbacks.usecase;

import io.fetchq.api.callbacks.domain.NewWebhookEvent;
import io.fetchq.api.callbacks.domain.WebhookEventId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link WebhookEventStore} in memory: events with a state, payload and error each. */
final class InMemoryWebhookEvents implements WebhookEventStore {

  record Row(NewWebhookEvent event, String state, String payload, String error, Instant at) {}

  private final Map<WebhookEventId, Row> rows = new LinkedHashMap<>();
  private int locks;

  synchronized void add(NewWebhookEvent event) {
    rows.put(event.id(), new Row(event, "new", null, null, null));
  }

  synchronized Row row(WebhookEventId id) {
    return rows.get(id);
  }

  synchronized int locks() {
    return locks;
  }

  @Override
  public synchronized List<NewWebhookEvent> lockNew(int limit) {
    locks++;
    return rows.values().stream()
        .filter(row -> row.state().equals("new"))
        .map(Row::event)
        .sorted(Comparator.comparing(NewWebhookEvent::occurredAt))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized void markQueued(WebhookEventId id, String payload, Instant now) {
    Row row = requireNew(id);
    rows.put(id, new Row(row.event(), "queued", payload, null, now));
  }

  @Override
  public synchronized void markFailed(WebhookEventId id, String error, Instant now) {
    Row row = requireNew(id);
    rows.put(id, new Row(row.event(), "failed", null, error, now));
  }

  synchronized List<Row> all() {
    return new ArrayList<>(rows.values());
  }

  private Row requireNew(WebhookEventId id) {
    Row row = rows.get(id);
    if (row == null || !row.state().equals("new")) {
      throw new IllegalStateException("not new: " + id);
    }
    return row;
  }
}
