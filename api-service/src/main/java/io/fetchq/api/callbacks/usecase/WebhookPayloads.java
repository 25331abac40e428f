package io.fetchq.api.callbacks.usecase;

import io.fetchq.api.callbacks.domain.NewWebhookEvent;
import java.util.Optional;

/** Renders webhook bodies. */
@FunctionalInterface
public interface WebhookPayloads {

  /**
   * The JSON body of {@code event}: {@code {type, timestamp, data}} where {@code data} is the job
   * or batch exactly as {@code GET} returns it now. Reads on the caller's transaction.
   *
   * @return the body, or empty when the event's job or batch no longer exists
   */
  Optional<String> render(NewWebhookEvent event);
}
