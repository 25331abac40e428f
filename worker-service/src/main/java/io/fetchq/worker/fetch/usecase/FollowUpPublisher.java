package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.PastAttempt;
import java.util.List;

/** Port: publishes the messages that follow recorded outcomes. */
public interface FollowUpPublisher {

  /**
   * Publishes the message asking for {@code retry}'s attempt (to the retry tier that fits the time
   * left, or to the jobs topic when it is due), with a fresh message id; blocks until the broker
   * acknowledged it.
   *
   * @throws RuntimeException when it could not be published (the caller retries)
   */
  void publishRetry(FollowUp.Retry retry);

  /**
   * Publishes {@code deadLetter} with its {@code history}; blocks until acknowledged.
   *
   * @throws RuntimeException when it could not be published (the caller retries)
   */
  void publishDeadLetter(FollowUp.DeadLetter deadLetter, List<PastAttempt> history);
}
