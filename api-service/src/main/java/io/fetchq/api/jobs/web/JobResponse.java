package io.fetchq.api.jobs.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job as {@code GET /api/v1/jobs/{id}} shows it (API.md "Jobs"); {@code POST} answers the same.
 * Absent values are written as {@code null}, never omitted.
 */
@Schema(description = "A fetch job: its request, where it is in its life cycle and its result.")
public record JobResponse(
    UUID id,
    @Schema(allowableValues = {"queued", "running", "retrying", "completed", "failed", "cancelled"})
        String status,
    UUID batchId,
    JobRequestView request,
    @Schema(description = "Attempts started so far (since the last dead-letter replay, if any).")
        int attempts,
    int maxAttempts,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt,
    ResultView result,
    ErrorView lastError,
    CallbackView callback,
    Map<String, String> metadata) {

  /** The request as submitted; sensitive header values are {@code ***}. */
  public record JobRequestView(
      String url,
      String method,
      Map<String, String> headers,
      String body,
      String bodyBase64,
      int timeoutMs,
      boolean followRedirects,
      RetryView retry) {}

  /** The retry settings in effect, defaults applied. */
  public record RetryView(
      int maxAttempts, long initialDelayMs, double multiplier, long maxDelayMs) {}

  /**
   * The final response. {@code body} holds UTF-8 text for textual content types, otherwise {@code
   * bodyBase64} holds the bytes; the other is null.
   */
  public record ResultView(
      int statusCode,
      Map<String, String> headers,
      String body,
      String bodyBase64,
      boolean bodyTruncated,
      Long bodySize,
      long durationMs,
      Instant fetchedAt) {}

  /** Why the last attempt failed. */
  public record ErrorView(String type, String message) {}

  /**
   * Delivery of the job's latest webhook event (its terminal transition) to {@code callbackUrl}.
   */
  @Schema(
      description =
          "Delivery of the job's terminal event to callbackUrl: pending until the receiver answers"
              + " 2xx (delivered) or redelivery gives up (failed: the callback dead-letter queue)."
              + " A job that has not reached a terminal state yet shows pending with 0 attempts.")
  public record CallbackView(
      String url,
      @Schema(allowableValues = {"pending", "delivered", "failed"}) String status,
      @Schema(description = "Delivery attempts made so far.") int attempts,
      @Schema(
              description =
                  "The receiver's HTTP status code on the last attempt; null before any answer"
                      + " (including when the attempt timed out or could not connect).")
          Integer lastResponseCode) {}
}
