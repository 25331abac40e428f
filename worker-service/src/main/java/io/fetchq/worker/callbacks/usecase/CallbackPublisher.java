package io.fetchq.worker.callbacks.usecase;

import java.util.List;

/** Publishes callback messages. */
public interface CallbackPublisher {

  /**
   * Publishes one message per delivery and returns once the broker acknowledged all of them.
   *
   * @throws RuntimeException when any send fails or is not acknowledged in time
   */
  void publish(List<DueDelivery> deliveries);
}
