package io.fetchq.api.callbacks.web;

import io.fetchq.api.callbacks.domain.WebhookDelivery;
import io.fetchq.api.deadletters.usecase.Page;
import java.util.List;

/** A page of the callback dead-letter queue; {@code nextCursor} is null on the last page. */
public record CallbackDeadLetterListResponse(
    List<CallbackDeadLetterResponse> items, String nextCursor) {

  static CallbackDeadLetterListResponse of(Page<WebhookDelivery> page) {
    return new CallbackDeadLetterListResponse(
        page.items().stream().map(CallbackDeadLetterResponse::of).toList(),
        page.next() == null ? null : page.next().encode());
  }
}
