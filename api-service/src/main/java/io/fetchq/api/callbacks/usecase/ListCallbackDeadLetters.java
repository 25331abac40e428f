package io.fetchq.api.callbacks.usecase;

import io.fetchq.api.callbacks.domain.CallbackDeadLetterFilter;
import io.fetchq.api.callbacks.domain.WebhookDelivery;
import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.deadletters.usecase.Page;
import java.util.List;
import java.util.Objects;

/**
 * Lists the callback dead-letter queue for an operator, newest failure first, one page at a time.
 * An operator outside the {@code system} tenant sees only its own tenant's entries.
 */
public final class ListCallbackDeadLetters {

  private final CallbackDeadLetterRepository deadLetters;

  public ListCallbackDeadLetters(CallbackDeadLetterRepository deadLetters) {
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
  }

  /**
   * @param after where the page starts (null: at the newest)
   * @param limit the page size, at least 1
   */
  public Page<WebhookDelivery> list(
      AdminActor actor, CallbackDeadLetterFilter filter, KeysetCursor after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
    if (filter.excludes(actor.scope())) {
      return new Page<>(List.of(), null);
    }
    List<WebhookDelivery> found = deadLetters.list(filter.within(actor.scope()), after, limit + 1);
    if (found.size() <= limit) {
      return new Page<>(found, null);
    }
    List<WebhookDelivery> page = found.subList(0, limit);
    WebhookDelivery last = page.getLast();
    return new Page<>(page, new KeysetCursor(last.failedAt(), last.id().value()));
  }
}
