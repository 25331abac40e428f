package io.fetchq.api.callbacks.usecase;

import io.fetchq.api.callbacks.domain.NewWebhookEvent;
import io.fetchq.api.callbacks.domain.WebhookEventId;
import java.time.Instant;
import java.util.List;

/** The webhook events waiting to be prepared, as {@link PrepareWebhookEvents} sees them. */
public interface WebhookEventStore {

  /**
   * Up to {@code limit} of the oldest events in state {@code new} that no other transaction holds,
   * their rows locked until the caller's transaction ends ({@code FOR UPDATE SKIP LOCKED}), so
   * concurrent preparers (one per API instance) never prepare one event twice. Must run inside the
   * caller's transaction.
   */
  List<NewWebhookEvent> lockNew(int limit);

  /**
   * Stores {@code payload} for event {@code id} locked by {@link #lockNew} and moves it to {@code
   * queued}. Must run inside the caller's transaction.
   */
  void markQueued(WebhookEventId id, String payload, Instant now);

  /**
   * Moves event {@code id} locked by {@link #lockNew} to {@code failed} (the callback dead-letter
   * queue) with {@code error}: it cannot be delivered. Must run inside the caller's transaction.
   */
  void markFailed(WebhookEventId id, String error, Instant now);
}
