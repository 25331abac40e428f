package io.fetchq.api.ratelimit.web;

import io.fetchq.api.ratelimit.domain.LimitScope;
import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import io.fetchq.api.web.ProblemException;
import io.fetchq.api.web.ProblemType;

/**
 * The 429 problems of refused decisions. Controllers throw them; {@link RateLimitHeadersFilter}
 * adds {@code Retry-After} and the RateLimit fields to the answer.
 */
public final class RateLimitProblems {

  private RateLimitProblems() {}

  /**
   * The problem answering a decision that was not granted.
   *
   * @throws IllegalArgumentException if {@code decision} was granted
   */
  public static ProblemException tooManyRequests(RateLimitDecision decision) {
    return switch (decision) {
      case RateLimitDecision.Refused refused ->
          new ProblemException(
              ProblemType.RATE_LIMITED,
              (refused.scope() == LimitScope.TENANT
                      ? "The tenant's rate limit is exhausted"
                      : "The service is at its overall rate limit")
                  + "; retry after "
                  + refused.retryAfter().toSeconds()
                  + " s. Nothing was created.");
      case RateLimitDecision.ExceedsCapacity exceeds ->
          new ProblemException(
              ProblemType.RATE_LIMITED,
              "The request needs "
                  + exceeds.cost()
                  + " tokens but the "
                  + exceeds.scope().wireName()
                  + " bucket holds at most "
                  + exceeds.capacity()
                  + "; split it. Nothing was created.");
      case RateLimitDecision.Granted granted ->
          throw new IllegalArgumentException("a granted request is not refused");
    };
  }
}
