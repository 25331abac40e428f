package io.fetchq.api.callbacks.usecase;

import io.fetchq.api.callbacks.domain.NewWebhookEvent;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import io.fetchq.kernel.destinations.UrlHost;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns webhook events the database recorded ({@code new}) into deliveries: in one transaction per
 * batch it locks the oldest new events, renders each body (the job or batch as {@code GET} shows it
 * at that moment), stores it with state {@code queued} and enqueues a {@link CallbackMessage} for
 * attempt 1 in the outbox. An event leaves {@code new} only in the transaction that enqueues its
 * message, so each event gets exactly one first message, whatever the number of preparers or
 * crashes. An event whose job or batch no longer exists is dead-lettered ({@code failed}).
 */
public final class PrepareWebhookEvents {

  private static final Logger log = LoggerFactory.getLogger(PrepareWebhookEvents.class);

  /** The {@code last_error} of an event whose subject disappeared before it was rendered. */
  static final String SUBJECT_GONE = "subject_gone: the event's job or batch no longer exists";

  private final WebhookEventStore events;
  private final WebhookPayloads payloads;
  private final CallbackDispatches dispatches;
  private final Transactions transactions;
  private final Clock clock;
  private final int batchSize;

  /**
   * @param batchSize the most events one transaction prepares
   */
  public PrepareWebhookEvents(
      WebhookEventStore events,
      WebhookPayloads payloads,
      CallbackDispatches dispatches,
      Transactions transactions,
      Clock clock,
      int batchSize) {
    this.events = Objects.requireNonNull(events, "events");
    this.payloads = Objects.requireNonNull(payloads, "payloads");
    this.dispatches = Objects.requireNonNull(dispatches, "dispatches");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1");
    }
    this.batchSize = batchSize;
  }

  /** The most events one {@link #prepareBatch()} takes. */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Prepares up to {@link #batchSize()} new events in one transaction.
   *
   * @return how many events were taken (queued or dead-lettered); {@link #batchSize()} means more
   *     may wait
   */
  public int prepareBatch() {
    return transactions.inTransaction(
        () -> {
          List<NewWebhookEvent> batch = events.lockNew(batchSize);
          Instant now = clock.instant();
          List<CallbackMessage> messages = new ArrayList<>(batch.size());
          for (NewWebhookEvent event : batch) {
            Optional<String> payload = payloads.render(event);
            if (payload.isEmpty()) {
              log.warn(
                  "webhook event dead-lettered: its subject is gone eventId={} tenantId={} type={}",
                  event.id(),
                  event.tenantId(),
                  event.type());
              events.markFailed(event.id(), SUBJECT_GONE, now);
              continue;
            }
            events.markQueued(event.id(), payload.get(), now);
            messages.add(
                new CallbackMessage(
                    event.id().value(),
                    event.tenantId().value(),
                    1,
                    UrlHost.key(event.url()),
                    now));
          }
          dispatches.enqueueAll(messages);
          return batch.size();
        });
  }
}
