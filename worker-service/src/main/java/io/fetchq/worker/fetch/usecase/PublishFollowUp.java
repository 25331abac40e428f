package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.PastAttempt;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the message that follows a recorded outcome (or repairs a missing one), retrying with
 * backoff until the broker acknowledged it. It blocks the calling (virtual) thread, and the record
 * that led to it is finished only after it returns: an offset moves only once everything the
 * attempt owes is durable. After {@link #close()} it gives up (the record stays unfinished, is
 * redelivered, and the claim reports the follow-up as pending again).
 */
public final class PublishFollowUp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PublishFollowUp.class);

  private final FollowUpPublisher publisher;
  private final AttemptHistory history;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private volatile boolean closed;

  public PublishFollowUp(
      FollowUpPublisher publisher,
      AttemptHistory history,
      Duration initialBackoff,
      Duration maxBackoff) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.history = Objects.requireNonNull(history, "history");
    this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
    this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
  }

  /**
   * Publishes {@code followUp}, retrying until acknowledged.
   *
   * @throws IllegalStateException when closed before it was acknowledged
   */
  public void publish(FollowUp followUp) {
    Objects.requireNonNull(followUp, "followUp");
    long backoff = Math.max(1, initialBackoff.toMillis());
    while (true) {
      try {
        switch (followUp) {
          case FollowUp.Retry retry -> publisher.publishRetry(retry);
          case FollowUp.DeadLetter dead -> {
            List<PastAttempt> attempts = history.attempts(dead.jobId(), dead.generation());
            publisher.publishDeadLetter(dead, attempts);
          }
        }
        return;
      } catch (RuntimeException e) {
        if (closed) {
          throw new IllegalStateException("follow-up not published before shutdown", e);
        }
        log.warn(
            "follow-up not published, retrying jobId={} backoffMs={} error={}",
            followUp.jobId(),
            backoff,
            e.toString());
        pause(backoff);
        backoff = Math.min(backoff * 2, Math.max(1, maxBackoff.toMillis()));
      }
    }
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing a follow-up", e);
    }
  }

  /** Makes every publish still retrying give up at its next failure. */
  @Override
  public void close() {
    closed = true;
  }
}
