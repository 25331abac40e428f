package io.fetchq.api.batches.usecase;

import io.fetchq.api.batches.domain.Batch;
import io.fetchq.api.batches.domain.BatchProgress;
import io.fetchq.api.idempotency.domain.IdempotencyKey;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import java.util.List;
import java.util.Objects;

/** What became of a {@link SubmitBatchCommand}. Expected refusals are values, not exceptions. */
public sealed interface SubmitBatchOutcome {

  /**
   * The batch and every job in it are durable and queued; the jobs' first attempts are enqueued in
   * the same transaction.
   *
   * @param jobs the jobs in submission order
   */
  record Accepted(Batch batch, List<Job> jobs) implements SubmitBatchOutcome {
    public Accepted {
      Objects.requireNonNull(batch, "batch");
      jobs = List.copyOf(jobs);
    }
  }

  /**
   * The same request was submitted before with this idempotency key: the batch it created, as it is
   * now, and its jobs' ids in submission order. Nothing was stored.
   */
  record Replayed(BatchProgress batch, List<JobId> jobIds) implements SubmitBatchOutcome {
    public Replayed {
      Objects.requireNonNull(batch, "batch");
      jobIds = List.copyOf(jobIds);
    }
  }

  /** The idempotency key was used with a different request. Nothing was stored. */
  record KeyReused(IdempotencyKey key) implements SubmitBatchOutcome {
    public KeyReused {
      Objects.requireNonNull(key, "key");
    }
  }

  /** A request with this idempotency key is still being processed. Nothing was stored. */
  record KeyInFlight(IdempotencyKey key) implements SubmitBatchOutcome {
    public KeyInFlight {
      Objects.requireNonNull(key, "key");
    }
  }

  /** The tenant's or the global rate limit refused the batch's N tokens. Nothing was stored. */
  record RateLimited(RateLimitDecision decision) implements SubmitBatchOutcome {
    public RateLimited {
      Objects.requireNonNull(decision, "decision");
    }
  }

  /**
   * URLs whose host is a literal IP address the destination policy refuses. Nothing was stored.
   *
   * @param refusals every refused URL, in request order
   */
  record DestinationsRefused(List<RefusedDestination> refusals) implements SubmitBatchOutcome {
    public DestinationsRefused {
      refusals = List.copyOf(refusals);
      if (refusals.isEmpty()) {
        throw new IllegalArgumentException("refusals must not be empty");
      }
    }
  }

  /**
   * One refused URL.
   *
   * @param path where it is in the request: {@code ["jobs", "17", "url"]}, {@code ["callbackUrl"]}
   * @param reason a client-facing explanation
   */
  record RefusedDestination(List<String> path, String reason) {
    public RefusedDestination {
      path = List.copyOf(path);
      Objects.requireNonNull(reason, "reason");
    }
  }
}
