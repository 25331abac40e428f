package io.fetchq.api.outbox.usecase;

import io.fetchq.api.outbox.domain.OutboxEntry;
import java.util.List;

/** Sends outbox entries to the message broker. */
public interface OutboxPublisher {

  /**
   * Sends every entry, in list order per key, and returns only once the broker has acknowledged all
   * of them.
   *
   * @throws RuntimeException if any entry was not acknowledged (some may have been delivered:
   *     delivery is at least once)
   */
  void publishAll(List<OutboxEntry> entries);
}
