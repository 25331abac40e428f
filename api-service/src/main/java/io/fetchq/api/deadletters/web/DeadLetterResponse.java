package io.fetchq.api.deadletters.web;

import io.fetchq.api.deadletters.domain.DeadLetter;
import java.time.Instant;
import java.util.UUID;

/**
 * A dead-letter entry as operators see it (API.md "Operations"), plus its {@code state} ({@code
 * dead}, or {@code replayed} while its job is retried) and when it was last replayed.
 */
public record DeadLetterResponse(
    UUID id,
    UUID jobId,
    UUID tenantId,
    String url,
    Instant failedAt,
    int attempts,
    ErrorResponse lastError,
    int replayCount,
    String state,
    Instant lastReplayedAt) {

  /** The last error: its type ({@code timeout}, {@code dns}, ...) and message. */
  public record ErrorResponse(String type, String message) {}

  static DeadLetterResponse of(DeadLetter entry) {
    return new DeadLetterResponse(
        entry.id().value(),
        entry.jobId().value(),
        entry.tenantId().value(),
        entry.url(),
        entry.failedAt(),
        entry.attempts(),
        new ErrorResponse(entry.lastError().type(), entry.lastError().message()),
        entry.replayCount(),
        entry.state().wireName(),
        entry.lastReplayedAt());
  }
}
