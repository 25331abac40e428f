package io.fetchq.api.callbacks.domain;

import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.webhooks.v1.WebhookEvent;
import io.fetchq.kernel.destinations.UrlHost;
import java.time.Instant;
import java.util.Objects;

/**
 * A webhook event and the state of its delivery, as operators see it; one in state {@link
 * DeliveryState#FAILED} is an entry of the callback dead-letter queue.
 *
 * @param id the event id
 * @param tenantId the event's tenant
 * @param type one of {@link WebhookEvent#TYPES}
 * @param jobId the job of a {@code job.*} event, otherwise null
 * @param batchId the batch of a {@code batch.completed} event, otherwise null
 * @param url where the event is delivered
 * @param state where the delivery stands
 * @param rendered whether the payload was rendered (false when the event's job or batch had
 *     disappeared before that: there is nothing to deliver)
 * @param attempts attempts made in the current round (reset by a replay)
 * @param lastResponseCode the receiver's last HTTP status code, or null
 * @param lastError why the last attempt failed, or null
 * @param failedAt when the delivery was given up (state {@code failed}), otherwise null
 * @param replayCount how often an operator replayed the event
 */
public record WebhookDelivery(
    WebhookEventId id,
    TenantId tenantId,
    String type,
    JobId jobId,
    BatchId batchId,
    String url,
    DeliveryState state,
    boolean rendered,
    int attempts,
    Integer lastResponseCode,
    String lastError,
    Instant failedAt,
    int replayCount) {

  public WebhookDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(state, "state");
    if (attempts < 0 || replayCount < 0) {
      throw new IllegalArgumentException("attempts and replayCount must be >= 0");
    }
  }

  /** The callback URL's host, lowercase, as callback messages carry it. */
  public String host() {
    return UrlHost.key(url);
  }

  /**
   * Why an operator may not replay this delivery, or null when it may: only a {@code failed}
   * delivery with a rendered payload can be delivered again.
   */
  public String notReplayableReason() {
    if (state != DeliveryState.FAILED) {
      return "The callback is " + state.wireName() + ", not failed; only failed callbacks replay.";
    }
    if (!rendered) {
      return "The event's " + (jobId != null ? "job" : "batch") + " no longer exists.";
    }
    return null;
  }

  /**
   * The delivery replayed: queued for a new round of attempts (attempts 0, errors and failure time
   * cleared, replay count + 1), under the same event id.
   *
   * @throws IllegalStateException if it is not replayable ({@link #notReplayableReason()})
   */
  public WebhookDelivery replay() {
    String refused = notReplayableReason();
    if (refused != null) {
      throw new IllegalStateException(refused);
    }
    return new WebhookDelivery(
        id,
        tenantId,
        type,
        jobId,
        batchId,
        url,
        DeliveryState.QUEUED,
        true,
        0,
        null,
        null,
        null,
        replayCount + 1);
  }
}
