package io.fetchq.api.callbacks.usecase;

import io.fetchq.api.callbacks.domain.CallbackDeadLetterFilter;
import io.fetchq.api.callbacks.domain.WebhookDelivery;
import io.fetchq.api.callbacks.domain.WebhookEventId;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The callback dead-letter queue: webhook deliveries in state {@code failed}. */
public interface CallbackDeadLetterRepository {

  /**
   * Up to {@code limit} failed deliveries matching {@code filter}, newest failure first ({@code
   * failed_at} descending, then id descending), starting after {@code after} (null: the newest).
   */
  List<WebhookDelivery> list(CallbackDeadLetterFilter filter, KeysetCursor after, int limit);

  /**
   * The delivery {@code id} in any state and of any tenant, its row locked until the caller's
   * transaction ends. Must run inside the caller's transaction.
   */
  Optional<WebhookDelivery> lock(WebhookEventId id);

  /**
   * Up to {@code limit} replayable deliveries (failed, payload rendered) matching {@code filter},
   * newest failure first, locked until the caller's transaction ends; rows another transaction
   * holds are skipped. Must run inside the caller's transaction.
   */
  List<WebhookDelivery> lockReplayable(CallbackDeadLetterFilter filter, int limit);

  /** How many replayable deliveries match {@code filter}, counted up to {@code limit}. */
  int countReplayable(CallbackDeadLetterFilter filter, int limit);

  /**
   * Replays the failed deliveries {@code ids} locked by the caller: state {@code queued}, attempts
   * 0, replay count + 1, last error, response code, next attempt and failure time cleared. Must run
   * inside the caller's transaction.
   *
   * @return how many rows changed
   */
  int markReplayed(List<WebhookEventId> ids, Instant now);
}
