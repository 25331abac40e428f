package io.fetchq.api.ratelimit.domain;

import java.time.Duration;
import java.util.Objects;

/** Whether a request may take its tokens, and the tenant's bucket as the answer reports it. */
public sealed interface RateLimitDecision {

  /** The tenant's bucket after the decision. */
  RateLimitStatus status();

  /** The tokens were taken from the tenant's and the global bucket. */
  record Granted(RateLimitStatus status) implements RateLimitDecision {
    public Granted {
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * A bucket lacks tokens; nothing was taken. Retrying after {@code retryAfter} can succeed.
   *
   * @param scope the bucket that refused
   * @param retryAfter whole seconds (at least 1) until both buckets hold enough tokens
   */
  record Refused(RateLimitStatus status, LimitScope scope, Duration retryAfter)
      implements RateLimitDecision {
    public Refused {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /**
   * The request costs more tokens than the bucket {@code scope} can ever hold (a batch larger than
   * the burst); nothing was taken and waiting does not help: the request must be split.
   *
   * @param capacity the bucket's size
   * @param cost what the request needs
   */
  record ExceedsCapacity(RateLimitStatus status, LimitScope scope, long capacity, int cost)
      implements RateLimitDecision {
    public ExceedsCapacity {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(scope, "scope");
    }
  }
}
