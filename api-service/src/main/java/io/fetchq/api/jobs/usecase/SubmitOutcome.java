package io.fetchq.api.jobs.usecase;

import io.fetchq.api.idempotency.domain.IdempotencyKey;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.ratelimit.domain.RateLimitDecision;
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
   * The same request was submitted before with this idempotency key: {@code job} is the job it
   * created, as it is now. Nothing was stored.
   */
  record Replayed(Job job) implements SubmitOutcome {
    public Replayed {
      Objects.requireNonNull(job, "job");
    }
  }

  /** The idempotency key was used with a different request. Nothing was stored. */
  record KeyReused(IdempotencyKey key) implements SubmitOutcome {
    public KeyReused {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Another request with this idempotency key is still being processed. Nothing was stored. */
  record KeyInFlight(IdempotencyKey key) implements SubmitOutcome {
    public KeyInFlight {
      Objects.requireNonNull(key, "key");
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

  /**
   * The tenant's or the global rate limit refused the job (API.md "Rate limits"). Nothing was
   * stored.
   *
   * @param decision the refusal ({@link RateLimitDecision.Refused} or {@link
   *     RateLimitDecision.ExceedsCapacity})
   */
  record RateLimited(RateLimitDecision decision) implements SubmitOutcome {
    public RateLimited {
      Objects.requireNonNull(decision, "decision");
      if (decision instanceof RateLimitDecision.Granted) {
        throw new IllegalArgumentException("a granted decision is no refusal");
      }
    }
  }
}
