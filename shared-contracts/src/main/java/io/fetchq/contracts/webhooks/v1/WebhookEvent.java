package io.fetchq.contracts.webhooks.v1;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The body of a webhook delivery (API.md "Webhooks (callbacks)"): {@code {type, timestamp, data}}
 * where {@code data} is the job or batch exactly as {@code GET} returns it.
 *
 * @param type one of {@link #TYPES}
 * @param timestamp when the transition happened
 * @param data the job or batch representation
 */
public record WebhookEvent(String type, Instant timestamp, Object data) {

  public static final String JOB_COMPLETED = "job.completed";
  public static final String JOB_FAILED = "job.failed";
  public static final String JOB_CANCELLED = "job.cancelled";
  public static final String BATCH_COMPLETED = "batch.completed";

  /** Every event type. */
  public static final Set<String> TYPES =
      Set.of(JOB_COMPLETED, JOB_FAILED, JOB_CANCELLED, BATCH_COMPLETED);

  public WebhookEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(data, "data");
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("unknown event type: " + type);
    }
  }
}
