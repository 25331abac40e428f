package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.Deferral;
import java.util.Objects;

/**
 * Defers a claimed attempt without spending it: undoes the claim, then publishes the same attempt
 * again, due at the deferral's time. If the worker dies in between, the unfinished record is
 * redelivered and claims the released attempt normally.
 */
public final class DeferAttempt {

  private final AttemptReleaser releaser;
  private final PublishFollowUp followUps;

  public DeferAttempt(AttemptReleaser releaser, PublishFollowUp followUps) {
    this.releaser = Objects.requireNonNull(releaser, "releaser");
    this.followUps = Objects.requireNonNull(followUps, "followUps");
  }

  /**
   * Blocks until the claim is undone and the message acknowledged.
   *
   * @return whether it was deferred (false: the claim was no longer held, nothing was published)
   * @throws IllegalStateException when the message could not be published before shutdown
   */
  public boolean defer(Deferral deferral) {
    Objects.requireNonNull(deferral, "deferral");
    if (!releaser.release(deferral.job(), deferral.until())) {
      return false;
    }
    followUps.publish(deferral.followUp());
    return true;
  }
}
