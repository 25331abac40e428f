package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import java.util.Objects;

/** What became of a {@link SubmitJobCommand}. Expected refusals are values, not exceptions. */
public sealed interface SubmitOutcome {

  /** The job is durable and queued; its first attempt is enqueued in the same transaction. */
  record Accepted(Job job) implements SubmitOutcome {
    public Accepted {
      Objects.requireNonNull(job, "job");
    }
  }

  /**
   * A URL's host is a literal IP address in a refused range (loopback, private, link-local, ...)
   * that the destination policy does not allow. Nothing was stored.
   *
   * @param field the request field holding the URL: {@code url} or {@code callbackUrl}
   * @param reason a client-facing explanation
   */
  record DestinationRefused(String field, String reason) implements SubmitOutcome {
    public DestinationRefused {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
