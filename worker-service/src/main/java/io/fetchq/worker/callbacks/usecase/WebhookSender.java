package io.fetchq.worker.callbacks.usecase;

import io.fetchq.worker.callbacks.domain.DeliveryResult;
import io.fetchq.worker.callbacks.domain.WebhookRequest;

/** Sends one webhook. */
public interface WebhookSender {

  /**
   * POSTs {@code request} once, redirects not followed, within the delivery timeout. Never throws
   * for a network or receiver problem: that is a {@link DeliveryResult.NoAnswer}.
   */
  DeliveryResult send(WebhookRequest request);
}
