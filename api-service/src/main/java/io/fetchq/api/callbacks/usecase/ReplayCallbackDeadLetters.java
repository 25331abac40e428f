package io.fetchq.api.callbacks.usecase;

import io.fetchq.api.callbacks.domain.CallbackDeadLetterFilter;
import io.fetchq.api.callbacks.domain.WebhookDelivery;
import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.usecase.ReplayMetrics;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Replays the callback dead letters matching a filter, newest failure first, up to a limit, in one
 * transaction (each like {@link ReplayCallbackDeadLetter}). A dry run only counts. Entries whose
 * payload was never rendered (their job or batch disappeared) are not matched: there is nothing to
 * deliver.
 */
public final class ReplayCallbackDeadLetters {

  /** The most entries one request may replay. */
  public static final int MAX_LIMIT = 10_000;

  /**
   * @param matched entries the filter matched (at most the limit)
   * @param replayed entries replayed: {@code matched}, or 0 on a dry run
   */
  public record Outcome(int matched, int replayed) {}

  private final CallbackDeadLetterRepository deadLetters;
  private final CallbackDispatches dispatches;
  private final Transactions transactions;
  private final Clock clock;
  private final ReplayMetrics metrics;

  public ReplayCallbackDeadLetters(
      CallbackDeadLetterRepository deadLetters,
      CallbackDispatches dispatches,
      Transactions transactions,
      Clock clock) {
    this(deadLetters, dispatches, transactions, clock, ReplayMetrics.NONE);
  }

  public ReplayCallbackDeadLetters(
      CallbackDeadLetterRepository deadLetters,
      CallbackDispatches dispatches,
      Transactions transactions,
      Clock clock,
      ReplayMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.dispatches = Objects.requireNonNull(dispatches, "dispatches");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param limit 1..{@link #MAX_LIMIT}
   * @param dryRun only count; nothing changes
   */
  public Outcome replay(
      AdminActor actor, CallbackDeadLetterFilter filter, int limit, boolean dryRun) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    }
    if (filter.excludes(actor.scope())) {
      return new Outcome(0, 0);
    }
    CallbackDeadLetterFilter scoped = filter.within(actor.scope());
    if (dryRun) {
      return new Outcome(deadLetters.countReplayable(scoped, limit), 0);
    }
    Outcome outcome =
        transactions.inTransaction(
            () -> {
              List<WebhookDelivery> entries = deadLetters.lockReplayable(scoped, limit);
              if (entries.isEmpty()) {
                return new Outcome(0, 0);
              }
              Instant now = clock.instant();
              deadLetters.markReplayed(entries.stream().map(WebhookDelivery::id).toList(), now);
              List<CallbackMessage> messages =
                  entries.stream()
                      .map(entry -> ReplayCallbackDeadLetter.firstAttempt(entry, now))
                      .toList();
              dispatches.enqueueAll(messages);
              return new Outcome(entries.size(), entries.size());
            });
    if (outcome.replayed() > 0) {
      metrics.replayed(ReplayMetrics.Queue.CALLBACKS, ReplayMetrics.Mode.BULK, outcome.replayed());
    }
    return outcome;
  }
}
